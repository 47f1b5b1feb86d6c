// The input flags every analysis command shares (--config, --incidents, --wards, columns, CRS,
// category mapping, threads), registered once and turned into study::StudyOptions: a config
// file's [inputs] and [incidents] first, then the flags given on the command line.
#pragma once
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "engine/study/study.hpp"

namespace hotspot::cli {

class StudyFlags {
 public:
  // Registers the flags on `command`.
  void add_to(CLI::App& command);
  // The study options the flags and the config say (call after parsing).
  study::StudyOptions options(bool quiet) const;

 private:
  struct Values {
    std::vector<std::string> incidents;
    std::string config, wards, population, crs, x_column, y_column, category_column, time_column,
        id_column, mapping, date_order = "auto";
    int threads = 2;
  };
  std::shared_ptr<Values> values_ = std::make_shared<Values>();
  CLI::Option *incidents_ = nullptr, *wards_ = nullptr, *population_ = nullptr, *crs_ = nullptr,
              *x_ = nullptr, *y_ = nullptr, *category_ = nullptr, *time_ = nullptr, *id_ = nullptr,
              *mapping_ = nullptr;
};

}  // namespace hotspot::cli
