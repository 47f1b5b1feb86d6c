// `hotspot tiles`: any GeoJSON layers → one PMTiles archive (or a z/x/y folder).
#include <iostream>
#include <memory>

#include "engine/cli/commands.hpp"
#include "engine/core/errors.hpp"
#include "tiles/tiles.hpp"

namespace hotspot::cli {

void add_tiles(CLI::App& app, Commands& commands) {
  struct Flags {
    std::vector<std::string> layers;
    std::string out, name;
    int min_zoom = 8, max_zoom = 16, threads = 2;
    bool directory = false, quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command =
      app.add_subcommand("tiles", "Tile GeoJSON layers into a PMTiles v3 archive of vector tiles");
  command->add_option("--layer", flags->layers, "NAME=FILE.geojson (repeat for more layers)")
      ->required();
  command->add_option("--minzoom", flags->min_zoom, "Lowest zoom (default 8)");
  command->add_option("--maxzoom", flags->max_zoom, "Highest zoom (default 16)");
  command->add_option("--out", flags->out, "Output .pmtiles file (or folder with --directory)")
      ->required();
  command->add_option("--name", flags->name, "Archive name in the metadata");
  command->add_flag("--directory", flags->directory,
                    "Write a z/x/y.pbf folder instead of one archive");
  command->add_option("--threads", flags->threads,
                      "Threads (default 2; output does not depend on it)");
  command->add_flag("--quiet,-q", flags->quiet, "No report on stderr");
  commands.handlers.emplace_back(command, [=] {
    std::vector<tiles::LayerInput> layers;
    for (const std::string& layer : flags->layers) {
      const size_t equals = layer.find('=');
      if (equals == std::string::npos || equals == 0 || equals + 1 == layer.size())
        throw UsageError("--layer '" + layer + "': expected NAME=FILE.geojson");
      layers.push_back({layer.substr(0, equals), layer.substr(equals + 1)});
    }
    if (flags->min_zoom < 0 || flags->max_zoom > 22 || flags->min_zoom > flags->max_zoom)
      throw UsageError("zooms must satisfy 0 <= --minzoom <= --maxzoom <= 22");
    tiles::TilesOptions options;
    options.min_zoom = flags->min_zoom;
    options.max_zoom = flags->max_zoom;
    options.directory_output = flags->directory;
    options.threads = std::max(1, flags->threads);
    options.name = flags->name;
    const tiles::TilesReport report = tiles::build_tiles(layers, options, flags->out);
    if (!flags->quiet) {
      std::cerr << "Wrote " << report.tiles << " tiles (" << report.unique_tiles << " unique, "
                << report.bytes << " bytes) to " << flags->out << "\n";
      for (const auto& note : report.notes) std::cerr << "Note: " << note << "\n";
    }
    return 0;
  });
}

}  // namespace hotspot::cli
