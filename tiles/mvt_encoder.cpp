// MVT 2.1 wire format; see mvt_encoder.hpp.
#include "tiles/mvt_encoder.hpp"

namespace hotspot::tiles {

namespace {
enum LayerField : protozero::pbf_tag_type {
  name = 1,
  features = 2,
  keys = 3,
  values = 4,
  extent = 5,
  version = 15
};
enum FeatureField : protozero::pbf_tag_type { id = 1, tags = 2, type = 3, geometry = 4 };
constexpr protozero::pbf_tag_type kTileLayers = 3;
}  // namespace

std::string encode_string_value(std::string_view text) {
  std::string encoded;
  protozero::pbf_writer{encoded}.add_string(1, text.data(), text.size());
  return encoded;
}

std::string encode_integer_value(int64_t number) {
  std::string encoded;
  protozero::pbf_writer writer{encoded};
  if (number >= 0)
    writer.add_uint64(5, static_cast<uint64_t>(number));
  else
    writer.add_sint64(6, number);
  return encoded;
}

void GeometryCommands::move_to(const int32_t* xy, uint32_t count) {
  out->push_back(command_integer(Command::move_to, count));
  for (uint32_t i = 0; i < count; ++i) {
    out->push_back(zigzag(xy[2 * i] - cursor_x));
    out->push_back(zigzag(xy[2 * i + 1] - cursor_y));
    cursor_x = xy[2 * i];
    cursor_y = xy[2 * i + 1];
  }
}

void GeometryCommands::line_to(const int32_t* xy, uint32_t count) {
  out->push_back(command_integer(Command::line_to, count));
  for (uint32_t i = 0; i < count; ++i) {
    out->push_back(zigzag(xy[2 * i] - cursor_x));
    out->push_back(zigzag(xy[2 * i + 1] - cursor_y));
    cursor_x = xy[2 * i];
    cursor_y = xy[2 * i + 1];
  }
}

MvtTileEncoder::MvtTileEncoder(const std::vector<LayerData>& layers) : layers_(layers) {
  scratch_.resize(layers.size());
  for (size_t i = 0; i < layers.size(); ++i) {
    scratch_[i].key_local.assign(layers[i].keys.size(), -1);
    scratch_[i].value_local.assign(layers[i].encoded_values.size(), -1);
    const auto found = layers[i].key_index.find("point_count");  // a source key we replace
    source_point_count_key_.push_back(
        found == layers[i].key_index.end() ? -1 : static_cast<int32_t>(found->second));
  }
}

void MvtTileEncoder::begin_tile(std::string& buffer) {
  buffer.clear();
  tile_.emplace(buffer);
}

void MvtTileEncoder::begin_layer(uint32_t layer_number) {
  layer_number_ = layer_number;
  layer_.emplace(*tile_, kTileLayers);
  layer_->add_uint32(LayerField::version, 2);
  layer_->add_string(LayerField::name, layers_[layer_number].name);
  layer_->add_uint32(LayerField::extent, kTileExtent);
  used_keys_.clear();
  used_values_.clear();
  point_count_values_.clear();
  point_count_key_ = -1;
}

uint32_t MvtTileEncoder::local_key(uint32_t key) {
  int32_t& local = scratch_[layer_number_].key_local[key];
  if (local < 0) {
    local = static_cast<int32_t>(used_keys_.size());
    used_keys_.push_back(key);
  }
  return static_cast<uint32_t>(local);
}

uint32_t MvtTileEncoder::local_value(uint32_t value) {
  int32_t& local = scratch_[layer_number_].value_local[value];
  if (local < 0) {
    local = static_cast<int32_t>(used_values_.size());
    used_values_.push_back(value);
  }
  return static_cast<uint32_t>(local);
}

void MvtTileEncoder::add_feature(const Feature& feature, const uint32_t* geometry,
                                 size_t geometry_count, int64_t point_count) {
  const LayerData& layer = layers_[layer_number_];
  tags_.clear();
  for (uint32_t t = 0; t < feature.tag_count; ++t) {
    const uint32_t key = layer.tags[feature.first_tag + 2 * t];
    if (point_count >= 0 && static_cast<int32_t>(key) == source_point_count_key_[layer_number_])
      continue;
    tags_.push_back(local_key(key));
    tags_.push_back(local_value(layer.tags[feature.first_tag + 2 * t + 1]));
  }
  if (point_count >= 0) {
    if (point_count_key_ < 0) {  // the key goes after the source keys, in first-use order
      point_count_key_ = static_cast<int32_t>(used_keys_.size());
      used_keys_.push_back(UINT32_MAX);
    }
    tags_.push_back(static_cast<uint32_t>(point_count_key_));
    auto [it, inserted] =
        point_count_values_.try_emplace(point_count, static_cast<uint32_t>(used_values_.size()));
    if (inserted) used_values_.push_back(kCountFlag | static_cast<uint64_t>(point_count));
    tags_.push_back(it->second);
  }
  protozero::pbf_writer writer{*layer_, LayerField::features};
  if (feature.has_id) writer.add_uint64(FeatureField::id, feature.id);
  if (!tags_.empty()) writer.add_packed_uint32(FeatureField::tags, tags_.begin(), tags_.end());
  writer.add_enum(FeatureField::type, static_cast<int32_t>(feature.kind));
  writer.add_packed_uint32(FeatureField::geometry, geometry, geometry + geometry_count);
}

void MvtTileEncoder::end_layer() {
  const LayerData& layer = layers_[layer_number_];
  LayerScratch& scratch = scratch_[layer_number_];
  for (uint32_t key : used_keys_) {
    if (key == UINT32_MAX) {
      layer_->add_string(LayerField::keys, "point_count");
      continue;
    }
    layer_->add_string(LayerField::keys, layer.keys[key]);
    scratch.key_local[key] = -1;
  }
  for (uint64_t value : used_values_) {
    if (value & kCountFlag) {
      encoded_count_.clear();
      protozero::pbf_writer{encoded_count_}.add_uint64(5, value & ~kCountFlag);
      layer_->add_message(LayerField::values, encoded_count_);
      continue;
    }
    layer_->add_message(LayerField::values, layer.encoded_values[value]);
    scratch.value_local[value] = -1;
  }
  layer_.reset();  // closes the nested message
}

void MvtTileEncoder::end_tile() { tile_.reset(); }

}  // namespace hotspot::tiles
