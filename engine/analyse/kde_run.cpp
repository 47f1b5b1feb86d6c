#include "engine/analyse/kde_run.hpp"

#include <algorithm>
#include <memory>
#include <sstream>

#include "engine/core/errors.hpp"
#include "engine/core/huge_pages.hpp"
#include "engine/density/geotiff.hpp"
#include "engine/density/grid_choice.hpp"
#include "engine/density/kde.hpp"
#include "engine/join/grid_wards.hpp"
#include "engine/output/rejects_csv.hpp"

namespace hotspot::analyse {

namespace {

Box points_extent(const std::vector<double>& x, const std::vector<double>& y, double margin_m) {
  auto quantiles = [](std::vector<double> values) {
    const size_t low = values.size() / 200, high = values.size() - 1 - values.size() / 200;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(low),
                     values.end());
    const double a = values[low];
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(high),
                     values.end());
    return std::make_pair(a, values[high]);
  };
  const auto [x0, x1] = quantiles(x);
  const auto [y0, y1] = quantiles(y);
  return Box(Point(x0 - margin_m, y0 - margin_m), Point(x1 + margin_m, y1 + margin_m));
}

}  // namespace

void KdeRunOptions::validate() const {
  inputs.validate(/*require_wards=*/false);
  if (!(cell_size_m > 0)) throw UsageError("--cell must be a positive number of metres");
  if (!(bandwidth_m > 0)) throw UsageError("--bandwidth must be a positive number of metres");
  if (out_path.empty()) throw UsageError("--out FILE.tif is required");
}

Box parse_extent(const std::string& text) {
  std::stringstream in(text);
  double values[4];
  char comma;
  if (!(in >> values[0] >> comma >> values[1] >> comma >> values[2] >> comma >> values[3]) ||
      values[0] >= values[2] || values[1] >= values[3])
    throw UsageError("--extent '" + text +
                     "': expected xmin,ymin,xmax,ymax in the analysis CRS (metres)");
  return Box(Point(values[0], values[1]), Point(values[2], values[3]));
}

KdeRunResult run_kde(const KdeRunOptions& options) {
  options.validate();
  StageClock clock(options.on_stage);
  const study::Study study = study::load_study(options.inputs, clock);
  if (!options.rejects_path.empty())
    output::write_rejects_csv(study.ingested.rejects, options.rejects_path);
  const IncidentTable& table = study.incidents();
  const int category = options.category.empty() ? -1 : table.find_category(options.category);
  if (!options.category.empty() && category < 0)
    throw UsageError("no incidents of category '" + options.category + "' in the input");
  std::vector<double> category_x, category_y;  // only a category's points are copied
  if (category >= 0)
    for (size_t i = 0; i < table.size(); ++i)
      if (table.category[i] == category) {
        category_x.push_back(table.x[i]);
        category_y.push_back(table.y[i]);
      }
  const std::vector<double>& x = category >= 0 ? category_x : table.x;
  const std::vector<double>& y = category >= 0 ? category_y : table.y;
  if (x.empty())
    throw InputError(options.inputs.incidents.front(), 0, "",
                     "no usable incidents (see --rejects for the reasons)");
  const Box extent = options.extent ? *options.extent
                     : study.wards  ? study.wards->extent
                                    : points_extent(x, y, options.bandwidth_m);
  const density::GridChoice grid =
      density::choose_grid(extent, options.cell_size_m, options.bandwidth_m);
  density::KdeOptions kde;
  kde.kernel = options.kernel;
  kde.bandwidth_m = options.bandwidth_m;
  kde.threads = options.inputs.threads;
  // The mask first, so that the rows go straight into the GeoTIFF's floats as they are made.
  std::vector<uint8_t> inside;
  if (study.wards)
    inside = join::inside_mask(join::ward_of_cells(grid.spec, *study.locator, kde.threads));
  const std::unique_ptr<float[]> north_up = unset_in_huge_pages<float>(grid.spec.cell_count());
  clock.time("density", [&] {
    density::estimate_density_north_up(x, y, grid.spec, kde, study.wards ? &inside : nullptr,
                                       density::kGeoTiffNoData, north_up.get());
  });
  clock.time("output", [&] {
    density::write_north_up_geotiff(
        grid.spec, north_up.get(), study.analysis_crs(), options.out_path,
        {{"KERNEL", density::kernel_name(kde.kernel)},
         {"BANDWIDTH_M", std::to_string(options.bandwidth_m)},
         {"CELL_SIZE_M", std::to_string(grid.spec.cell_size_m)},
         {"CATEGORY", options.category.empty() ? "all" : options.category},
         {"INCIDENTS", std::to_string(x.size())}},
        kde.threads);
  });
  KdeRunResult result;
  result.grid = grid.spec;
  result.incidents = static_cast<int64_t>(x.size());
  result.rejected = static_cast<int64_t>(study.ingested.rejects.size());
  result.analysis_crs = study.analysis_crs();
  result.notes = grid.notes;
  return result;
}

}  // namespace hotspot::analyse
