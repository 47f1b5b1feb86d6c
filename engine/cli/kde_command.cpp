// `hotspot kde`: kernel density of one incident file (optionally one category) to a GeoTIFF.
#include <algorithm>
#include <iostream>
#include <memory>
#include <sstream>

#include "engine/cli/commands.hpp"
#include "engine/core/errors.hpp"
#include "engine/density/geotiff.hpp"
#include "engine/density/grid_choice.hpp"
#include "engine/density/kde.hpp"
#include "engine/ingest/ingest.hpp"
#include "engine/output/rejects_csv.hpp"

namespace hotspot::cli {

namespace {

Box parse_extent(const std::string& text) {
  std::stringstream in(text);
  double values[4];
  char comma;
  if (!(in >> values[0] >> comma >> values[1] >> comma >> values[2] >> comma >> values[3]) || values[0] >= values[2] ||
      values[1] >= values[3])
    throw UsageError("--extent '" + text + "': expected xmin,ymin,xmax,ymax in the analysis CRS (metres)");
  return Box(Point(values[0], values[1]), Point(values[2], values[3]));
}

// Without wards, the study extent is the middle 99% of the points in each axis plus one
// bandwidth: a stray point far away must not blow the grid up.
Box points_extent(const std::vector<double>& x, const std::vector<double>& y, double margin_m) {
  auto quantiles = [](std::vector<double> values) {
    const size_t low = values.size() / 200, high = values.size() - 1 - values.size() / 200;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(low), values.end());
    const double a = values[low];
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(high), values.end());
    return std::make_pair(a, values[high]);
  };
  const auto [x0, x1] = quantiles(x);
  const auto [y0, y1] = quantiles(y);
  return Box(Point(x0 - margin_m, y0 - margin_m), Point(x1 + margin_m, y1 + margin_m));
}

}  // namespace

void add_kde(CLI::App& app, Commands& commands) {
  struct Flags {
    std::vector<std::string> incidents;
    std::string category, kernel = "quartic", extent, out, crs, x_column, y_column, category_column, time_column, rejects;
    double cell_m = 0, bandwidth_m = 0;
    int threads = 2;
    bool quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand("kde", "Kernel density of incidents (incidents per km²) to a GeoTIFF");
  command->add_option("--incidents", flags->incidents, "Incident file(s) or folder(s)")->required();
  command->add_option("--category", flags->category, "Only this category slug (e.g. burglary)");
  command->add_option("--cell", flags->cell_m, "Cell size in metres")->required()->check(CLI::PositiveNumber);
  command->add_option("--bandwidth", flags->bandwidth_m, "Bandwidth in metres (the kernel's radius)")->required()->check(CLI::PositiveNumber);
  command->add_option("--kernel", flags->kernel, "quartic (default), epanechnikov, triangular, uniform, gaussian");
  command->add_option("--extent", flags->extent, "xmin,ymin,xmax,ymax in the analysis CRS (default: the points' extent)");
  command->add_option("--out", flags->out, "Output GeoTIFF")->required();
  command->add_option("--crs", flags->crs, "CRS of x/y columns in a CSV export");
  command->add_option("--x-column", flags->x_column, "Column with x / easting / longitude");
  command->add_option("--y-column", flags->y_column, "Column with y / northing / latitude");
  command->add_option("--category-column", flags->category_column, "Column with the offence category");
  command->add_option("--time-column", flags->time_column, "Column with the date and time");
  command->add_option("--rejects", flags->rejects, "Write rejected rows to this CSV");
  command->add_option("--threads", flags->threads, "Threads (default 2; results do not depend on it)");
  command->add_flag("--quiet,-q", flags->quiet, "No report on stderr");
  commands.handlers.emplace_back(command, [=] {
    ingest::IngestOptions options;
    options.crs = flags->crs;
    options.x_column = flags->x_column;
    options.y_column = flags->y_column;
    options.category_column = flags->category_column;
    options.time_column = flags->time_column;
    options.quiet = flags->quiet;
    options.threads = flags->threads;
    const ingest::IngestResult ingested = ingest::ingest(flags->incidents, options);
    if (!flags->rejects.empty()) output::write_rejects_csv(ingested.rejects, flags->rejects);
    const IncidentTable& table = ingested.table;
    const int category = flags->category.empty() ? -1 : table.find_category(flags->category);
    if (!flags->category.empty() && category < 0)
      throw UsageError("no incidents of category '" + flags->category + "' in the input");
    std::vector<double> x, y;
    for (size_t i = 0; i < table.size(); ++i)
      if (category < 0 || table.category[i] == category) {
        x.push_back(table.x[i]);
        y.push_back(table.y[i]);
      }
    if (x.empty()) throw InputError(flags->incidents.front(), 0, "", "no usable incidents (see --rejects)");
    const Box extent = flags->extent.empty() ? points_extent(x, y, flags->bandwidth_m) : parse_extent(flags->extent);
    const density::GridChoice grid = density::choose_grid(extent, flags->cell_m, flags->bandwidth_m);
    density::KdeOptions kde;
    kde.kernel = density::parse_kernel(flags->kernel);
    kde.bandwidth_m = flags->bandwidth_m;
    kde.threads = flags->threads;
    const DensityGrid surface = density::estimate_density(x, y, grid.spec, kde);
    density::write_density_geotiff(surface, ingested.analysis_crs, flags->out,
                                   {{"KERNEL", density::kernel_name(kde.kernel)},
                                    {"BANDWIDTH_M", std::to_string(flags->bandwidth_m)},
                                    {"CELL_SIZE_M", std::to_string(grid.spec.cell_size_m)},
                                    {"CATEGORY", flags->category.empty() ? "all" : flags->category},
                                    {"INCIDENTS", std::to_string(x.size())}});
    if (!flags->quiet) {
      std::cerr << "Density of " << x.size() << " incidents on " << grid.spec.columns << " x " << grid.spec.rows << " cells of "
                << grid.spec.cell_size_m << " m (" << ingested.analysis_crs << ") written to " << flags->out << "\n";
      if (!ingested.rejects.rows.empty()) std::cerr << ingested.rejects.size() << " rows rejected\n";
      for (const auto& note : grid.notes) std::cerr << "Note: " << note << "\n";
    }
    return 0;
  });
}

}  // namespace hotspot::cli
