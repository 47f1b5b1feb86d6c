#include "engine/core/layer.hpp"

namespace hotspot {

std::vector<LayerDefinition> default_layers() {
  std::vector<LayerDefinition> layers(3);
  layers[0].name = "burglary";
  layers[0].title = "Burglary";
  layers[0].categories = {"burglary"};
  layers[1].name = "anti-social-behaviour";
  layers[1].title = "Anti-social behaviour";
  layers[1].categories = {"anti-social-behaviour"};
  layers[2].name = "night-time-violence";
  layers[2].title = "Night-time violence";
  layers[2].categories = {"violent-crime", "public-order"};
  layers[2].hours = std::make_pair(19, 5);
  return layers;
}

}  // namespace hotspot
