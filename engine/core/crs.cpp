#include "engine/core/crs.hpp"

#include <proj.h>

#include <cmath>
#include <cstdlib>
#include <limits>

#include "engine/core/errors.hpp"

namespace hotspot {

struct CoordinateTransform::State {
  PJ_CONTEXT* context = nullptr;
  PJ* transform = nullptr;
};

CoordinateTransform::CoordinateTransform(const std::string& source_crs,
                                         const std::string& target_crs)
    : state_(std::make_unique<State>()), source_(source_crs), target_(target_crs) {
  state_->context = proj_context_create();
  proj_log_level(state_->context, PJ_LOG_NONE);
  PJ* raw =
      proj_create_crs_to_crs(state_->context, source_crs.c_str(), target_crs.c_str(), nullptr);
  if (raw == nullptr) {
    proj_context_destroy(state_->context);
    throw ConfigError("cannot transform from CRS '" + source_crs + "' to '" + target_crs +
                      "': PROJ does not know one of them. Give an EPSG code such as EPSG:27700 "
                      "or EPSG:4326.");
  }
  state_->transform = proj_normalize_for_visualization(state_->context, raw);
  proj_destroy(raw);
  PJ_PROJ_INFO info = proj_pj_info(state_->transform);
  operation_name_ = info.description ? info.description : "";
  accuracy_m_ = info.accuracy;
}

CoordinateTransform::~CoordinateTransform() {
  if (state_) {
    if (state_->transform) proj_destroy(state_->transform);
    if (state_->context) proj_context_destroy(state_->context);
  }
}

void CoordinateTransform::transform(double* x, double* y, size_t n) {
  if (n == 0) return;
  proj_trans_generic(state_->transform, PJ_FWD, x, sizeof(double), n, y, sizeof(double), n, nullptr,
                     0, 0, nullptr, 0, 0);
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i]) || x[i] == HUGE_VAL) {
      x[i] = std::numeric_limits<double>::quiet_NaN();
      y[i] = std::numeric_limits<double>::quiet_NaN();
    }
  }
}

// With several candidate operations PROJ picks one per point; these report the one it used last.
std::string CoordinateTransform::operation_name() const {
  std::string name = operation_name_;
  if (PJ* used = proj_trans_get_last_used_operation(state_->transform)) {
    PJ_PROJ_INFO info = proj_pj_info(used);
    if (info.description) name = info.description;
    proj_destroy(used);
  }
  return name;
}

double CoordinateTransform::accuracy_m() const {
  double accuracy = accuracy_m_;
  if (PJ* used = proj_trans_get_last_used_operation(state_->transform)) {
    accuracy = proj_coordoperation_get_accuracy(state_->context, used);
    proj_destroy(used);
  }
  return accuracy;
}

std::string choose_analysis_crs(double lon_min, double lat_min, double lon_max, double lat_max) {
  // British National Grid's area of use: Great Britain, roughly 9°W..2°E, 49.75°N..61°N.
  if (lon_min >= -9.0 && lon_max <= 2.0 && lat_min >= 49.75 && lat_max <= 61.0) return "EPSG:27700";
  const double lon = (lon_min + lon_max) / 2, lat = (lat_min + lat_max) / 2;
  int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
  zone = std::min(60, std::max(1, zone));
  return "EPSG:" + std::to_string((lat >= 0 ? 32600 : 32700) + zone);
}

bool is_known_crs(const std::string& crs) {
  PJ_CONTEXT* context = proj_context_create();
  proj_log_level(context, PJ_LOG_NONE);
  PJ* object = proj_create(context, crs.c_str());
  const bool known = object != nullptr;
  if (object) proj_destroy(object);
  proj_context_destroy(context);
  return known;
}

std::string crs_to_wkt(const std::string& crs) {
  PJ_CONTEXT* context = proj_context_create();
  proj_log_level(context, PJ_LOG_NONE);
  PJ* object = proj_create(context, crs.c_str());
  std::string wkt;
  if (object) {
    const char* text = proj_as_wkt(context, object, PJ_WKT2_2019, nullptr);
    if (text) wkt = text;
    proj_destroy(object);
  }
  proj_context_destroy(context);
  if (wkt.empty())
    throw ConfigError("unknown CRS '" + crs + "': give an EPSG code such as EPSG:27700");
  return wkt;
}

int projected_epsg_code(const std::string& crs) {
  PJ_CONTEXT* context = proj_context_create();
  proj_log_level(context, PJ_LOG_NONE);
  PJ* object = proj_create(context, crs.c_str());
  int code = 0;
  if (object && proj_get_type(object) == PJ_TYPE_PROJECTED_CRS) {
    const char* authority = proj_get_id_auth_name(object, 0);
    const char* id = proj_get_id_code(object, 0);
    if (authority && id && std::string(authority) == "EPSG") code = std::atoi(id);
  }
  if (object) proj_destroy(object);
  proj_context_destroy(context);
  return code;
}

}  // namespace hotspot
