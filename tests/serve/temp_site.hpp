// A throwaway folder to serve in tests: files of known bytes, a sub-folder, symlinks that stay
// inside or lead outside, hidden and temporary files that must never be served, and per-incident
// files that only a private run may serve; removed again when the test ends.
#pragma once
#include <cstdint>
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
    for (const char* name :
         {".hidden", ".git/config", ".incidents.tmp.geojson", ".wards.tmp1234.geojson",
          "wards.tmp4321.geojson", "out.tmp", "OUT.TMP", "tiles.pmtiles.tmp/part", "sub/.env"}) {
      fs::create_directories((root() / name).parent_path());
      write(root() / name, kNeverServed);
    }
    write(root() / "rejects.csv", "file,line,field,reason,detail,raw\n");
    write(root() / "incidents.csv", "id,x,y\n");
    fs::create_symlink(root() / ".hidden", root() / "link-to-hidden");
    fs::create_symlink(root() / "data.bin", root() / ".link-to-data");
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

  // What every hidden and temporary file holds: no answer may ever contain it.
  static constexpr const char* kNeverServed = "never served: hidden or temporary\n";

  // Writes (or replaces) a file under the served folder.
  void put(const std::string& relative, const std::string& content) const {
    write(root() / relative, content);
  }
  // A sparse file of `bytes` bytes (zeros): large answers without filling the disk.
  void put_sparse(const std::string& relative, uint64_t bytes) const {
    std::ofstream stream(root() / relative, std::ios::binary);
    stream.seekp(static_cast<std::streamoff>(bytes - 1));
    stream.put('\0');
  }

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
