// A throwaway folder to serve in tests: files of known bytes, a sub-folder, and symlinks that
// stay inside or lead outside; removed again when the test ends.
#pragma once
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

class TempSite {
 public:
  TempSite() {
    std::random_device seed;
    base_ =
        std::filesystem::temp_directory_path() / ("hotspot-serve-test-" + std::to_string(seed()));
    namespace fs = std::filesystem;
    fs::create_directories(root() / "sub");
    fs::create_directories(root() / "empty-folder");
    fs::create_directories(base_ / "outside");
    write(base_ / "secret.txt", "outside the served folder\n");
    write(base_ / "outside" / "secret.txt", "outside the served folder\n");
    write(root() / "index.html", "<!doctype html><title>index</title>\n");
    write(root() / "sub" / "index.html", "<!doctype html><title>sub</title>\n");
    write(root() / "sub" / "page.json", "{\"ok\": true}\n");
    write(root() / "data.bin", data_bytes());
    write(root() / "empty.txt", "");
    for (const char* name :
         {"a.mjs", "a.css", "a.geojson", "a.pmtiles", "a.png", "a.csv", "a.tif"}) {
      write(root() / name, "x");
    }
    fs::create_symlink(base_ / "secret.txt", root() / "escape.txt");
    fs::create_directory_symlink(base_ / "outside", root() / "escape-dir");
    fs::create_symlink(root() / "data.bin", root() / "alias.bin");
    fs::create_symlink(root() / "missing-target", root() / "dangling");
  }
  ~TempSite() {
    std::error_code ignored;
    std::filesystem::remove_all(base_, ignored);
  }
  TempSite(const TempSite&) = delete;
  TempSite& operator=(const TempSite&) = delete;

  std::filesystem::path root() const { return base_ / "site"; }

  // 1,000 bytes whose value at offset i is i % 251, so any slice can be checked independently.
  static std::string data_bytes() {
    std::string bytes(1000, '\0');
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i % 251);
    return bytes;
  }

 private:
  static void write(const std::filesystem::path& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
  }
  std::filesystem::path base_;
};
