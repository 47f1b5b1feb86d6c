// `hotspot kde`: kernel density of incidents (optionally one category) to a GeoTIFF; the work
// is analyse::run_kde, this file only maps flags and reports.
#include <iostream>
#include <memory>

#include "engine/analyse/kde_run.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/large_allocations.hpp"
#include "engine/cli/terminal.hpp"

namespace hotspot::cli {

void add_kde(CLI::App& app, Commands& commands) {
  struct Flags {
    std::vector<std::string> incidents;
    std::string category, kernel = "quartic", extent, out, crs, wards, x_column, y_column,
                          category_column, time_column, rejects;
    double cell_m = 0, bandwidth_m = 0;
    int threads = 2;
    bool quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command =
      app.add_subcommand("kde", "Kernel density of incidents (incidents per km²) to a GeoTIFF");
  command->add_option("--incidents", flags->incidents, "Incident file(s) or folder(s)")->required();
  command->add_option("--category", flags->category, "Only this category slug (e.g. burglary)");
  command->add_option("--cell", flags->cell_m, "Cell size in metres")->required();
  command
      ->add_option("--bandwidth", flags->bandwidth_m, "Bandwidth in metres (the kernel's radius)")
      ->required();
  command->add_option("--kernel", flags->kernel,
                      "quartic (default), epanechnikov, triangular, uniform, gaussian");
  command->add_option(
      "--extent", flags->extent,
      "xmin,ymin,xmax,ymax in the analysis CRS (default: the wards', else the points')");
  command->add_option("--wards", flags->wards,
                      "Ward boundaries: the grid covers them and cells outside are nodata");
  command->add_option("--out", flags->out, "Output GeoTIFF")->required();
  command->add_option("--crs", flags->crs, "CRS of x/y columns in a CSV export");
  command->add_option("--x-column", flags->x_column, "Column with x / easting / longitude");
  command->add_option("--y-column", flags->y_column, "Column with y / northing / latitude");
  command->add_option("--category-column", flags->category_column,
                      "Column with the offence category");
  command->add_option("--time-column", flags->time_column, "Column with the date and time");
  command->add_option("--rejects", flags->rejects, "Write rejected rows to this CSV");
  command->add_option("--threads", flags->threads,
                      "Threads (default 2; results do not depend on it)");
  command->add_flag("--quiet,-q", flags->quiet, "No report on stderr");
  commands.handlers.emplace_back(command, [=] {
    // Each column and grid is made once and written whole: placed on huge pages, their page
    // faults fall by half (see large_allocations.cpp).
    place_marked_blocks_on_whole_huge_pages();
    analyse::KdeRunOptions options;
    options.inputs.incidents = flags->incidents;
    options.inputs.wards.path = flags->wards;
    options.inputs.ingest.crs = flags->crs;
    options.inputs.ingest.x_column = flags->x_column;
    options.inputs.ingest.y_column = flags->y_column;
    options.inputs.ingest.category_column = flags->category_column;
    options.inputs.ingest.time_column = flags->time_column;
    options.inputs.ingest.progress = terminal_progress(flags->quiet);
    options.inputs.threads = flags->threads;
    options.category = flags->category;
    options.cell_size_m = flags->cell_m;
    options.bandwidth_m = flags->bandwidth_m;
    options.kernel = density::parse_kernel(flags->kernel);
    if (!flags->extent.empty()) options.extent = analyse::parse_extent(flags->extent);
    options.out_path = flags->out;
    options.rejects_path = flags->rejects;
    options.on_stage = terminal_stages(flags->quiet);
    const analyse::KdeRunResult result = analyse::run_kde(options);
    if (!flags->quiet) {
      std::cerr << "Density of " << result.incidents << " incidents on " << result.grid.columns
                << " x " << result.grid.rows << " cells of " << result.grid.cell_size_m << " m ("
                << result.analysis_crs << ") written to " << flags->out << "\n";
      if (result.rejected > 0) std::cerr << result.rejected << " rows rejected\n";
      for (const auto& note : result.notes) std::cerr << "Note: " << note << "\n";
    }
    return 0;
  });
}

}  // namespace hotspot::cli
