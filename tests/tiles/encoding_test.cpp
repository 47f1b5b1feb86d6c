// Wire-format pieces checked against the MVT 2.1 and PMTiles v3 specs' own examples and against
// an independent reader (tiles_test_support.hpp).
#include <catch2/catch.hpp>
#include <protozero/pbf_reader.hpp>
#include <random>
#include <set>

#include "tests/tiles/tiles_test_support.hpp"
#include "tiles/gzip.hpp"
#include "tiles/mvt_encoder.hpp"
#include "tiles/pmtiles.hpp"

using namespace hotspot::tiles;

TEST_CASE("zig-zag encoding maps signed deltas as the protobuf spec tabulates") {
  CHECK(zigzag(0) == 0u);
  CHECK(zigzag(-1) == 1u);
  CHECK(zigzag(1) == 2u);
  CHECK(zigzag(-2) == 3u);
  CHECK(zigzag(2147483647) == 4294967294u);
  CHECK(zigzag(-2147483648) == 4294967295u);
  for (int32_t value : {0, 1, -1, 4095, -4096, 123456, -987654})
    CHECK(unzigzag(zigzag(value)) == value);
}

TEST_CASE("geometry commands reproduce the MVT 2.1 specification's worked examples") {
  std::vector<uint32_t> out;
  GeometryCommands commands{0, 0, &out};
  SECTION("a point at (25, 17)") {
    const int32_t point[2] = {25, 17};
    commands.move_to(point, 1);
    CHECK(out == std::vector<uint32_t>{9, 50, 34});
  }
  SECTION("a multipoint (5, 7), (3, 2)") {
    const int32_t points[4] = {5, 7, 3, 2};
    commands.move_to(points, 2);
    CHECK(out == std::vector<uint32_t>{17, 10, 14, 3, 9});
  }
  SECTION("a linestring (2,2) (2,10) (10,10)") {
    const int32_t line[6] = {2, 2, 2, 10, 10, 10};
    commands.line(line, 3);
    CHECK(out == std::vector<uint32_t>{9, 4, 4, 18, 0, 16, 16, 0});
  }
  SECTION("a polygon (3,6) (8,12) (20,34)") {
    const int32_t ring[6] = {3, 6, 8, 12, 20, 34};
    commands.ring(ring, 3);
    CHECK(out == std::vector<uint32_t>{9, 6, 12, 18, 10, 12, 24, 44, 15});
  }
  SECTION("the cursor carries from one part to the next (multilinestring example)") {
    const int32_t first[6] = {2, 2, 2, 10, 10, 10};
    const int32_t second[4] = {1, 1, 3, 5};
    commands.line(first, 3);
    commands.line(second, 2);
    CHECK(out == std::vector<uint32_t>{9, 4, 4, 18, 0, 16, 16, 0, 9, 17, 17, 10, 4, 8});
  }
}

TEST_CASE("Hilbert tile ids match the PMTiles spec's values and walk the curve") {
  CHECK(zxy_to_tile_id(0, 0, 0) == 0);
  CHECK(zxy_to_tile_id(1, 0, 0) == 1);
  CHECK(zxy_to_tile_id(1, 0, 1) == 2);
  CHECK(zxy_to_tile_id(1, 1, 1) == 3);
  CHECK(zxy_to_tile_id(1, 1, 0) == 4);
  CHECK(zxy_to_tile_id(2, 0, 0) == 5);
  CHECK(zxy_to_tile_id(3, 0, 0) == 21);
  for (int zoom = 1; zoom <= 6; ++zoom) {
    const uint32_t side = 1u << zoom;
    const uint64_t base = ((uint64_t{1} << (2 * zoom)) - 1) / 3;
    std::vector<std::pair<uint32_t, uint32_t>> by_id(side * side, {UINT32_MAX, UINT32_MAX});
    for (uint32_t x = 0; x < side; ++x)
      for (uint32_t y = 0; y < side; ++y) {
        const uint64_t id = zxy_to_tile_id(zoom, x, y);
        REQUIRE(id >= base);
        REQUIRE(id - base < side * side);
        by_id[id - base] = {x, y};
        int z2, x2, y2;
        tiles_test::tile_id_to_zxy(id, z2, x2, y2);
        CHECK((z2 == zoom && x2 == static_cast<int>(x) && y2 == static_cast<int>(y)));
      }
    for (size_t i = 1; i < by_id.size();
         ++i) {  // a bijection whose consecutive cells share an edge
      const int dx =
          std::abs(static_cast<int>(by_id[i].first) - static_cast<int>(by_id[i - 1].first));
      const int dy =
          std::abs(static_cast<int>(by_id[i].second) - static_cast<int>(by_id[i - 1].second));
      REQUIRE(dx + dy == 1);
    }
  }
}

TEST_CASE("directory serialisation round-trips through an independent varint reader") {
  std::vector<DirectoryEntry> entries = {{0, 0, 100, 1},
                                         {1, 100, 50, 1},
                                         {5, 150, 20, 3},
                                         {9, 0, 100, 1},  // 9 reuses tile 0's bytes
                                         {300, 170, 1, 1},
                                         {70000, 171, 300000, 0},  // a leaf pointer
                                         {5000000000ull, 1ull << 40, 7, 2}};
  const auto parsed = tiles_test::parse_directory(serialize_directory(entries));
  REQUIRE(parsed.size() == entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    CHECK(parsed[i].tile_id == entries[i].tile_id);
    CHECK(parsed[i].offset == entries[i].offset);
    CHECK(parsed[i].length == entries[i].length);
    CHECK(parsed[i].run_length == entries[i].run_length);
  }
  SECTION("a contiguous offset is written as 0, others as offset + 1") {
    const std::string bytes = serialize_directory({{0, 0, 10, 1}, {1, 10, 10, 1}, {2, 0, 10, 1}});
    // count, 3 id deltas, 3 run lengths, 3 lengths, then offsets 1 (0 + 1), 0 (contiguous), 1 (0 +
    // 1)
    CHECK(bytes == std::string("\x03\x00\x01\x01\x01\x01\x01\x0a\x0a\x0a\x01\x00\x01", 13));
  }
}

TEST_CASE("the 127-byte header puts every field at the offset the spec gives") {
  PmtilesHeader header;
  header.root_offset = 127;
  header.root_length = 0x1122;
  header.metadata_offset = 0x3344556677ull;
  header.tile_contents = 99;
  header.min_zoom = 8;
  header.max_zoom = 16;
  header.min_lon_e7 = -1234567;
  header.max_lat_e7 = 515000000;
  header.center_zoom = 9;
  header.center_lat_e7 = -1;
  const std::string bytes = serialize_header(header);
  REQUIRE(bytes.size() == 127);
  CHECK(bytes.substr(0, 7) == "PMTiles");
  CHECK(bytes[7] == 3);
  CHECK(tiles_test::little_endian(bytes, 8, 8) == 127);
  CHECK(tiles_test::little_endian(bytes, 16, 8) == 0x1122);
  CHECK(tiles_test::little_endian(bytes, 24, 8) == 0x3344556677ull);
  CHECK(tiles_test::little_endian(bytes, 88, 8) == 99);
  CHECK(bytes[96] == 1);  // clustered
  CHECK(bytes[97] == 2);  // gzip directories
  CHECK(bytes[98] == 2);  // gzip tiles
  CHECK(bytes[99] == 1);  // MVT
  CHECK(bytes[100] == 8);
  CHECK(bytes[101] == 16);
  CHECK(static_cast<int32_t>(tiles_test::little_endian(bytes, 102, 4)) == -1234567);
  CHECK(static_cast<int32_t>(tiles_test::little_endian(bytes, 114, 4)) == 515000000);
  CHECK(bytes[118] == 9);
  CHECK(static_cast<int32_t>(tiles_test::little_endian(bytes, 123, 4)) == -1);
}

TEST_CASE("gzip output is deterministic and decompresses with zlib") {
  const std::string text(10000, 'a');
  const std::string once = gzip_compress(text), twice = gzip_compress(text);
  CHECK(once == twice);
  CHECK(once.substr(0, 2) == "\x1f\x8b");
  CHECK(tiles_test::gunzip(once) == text);
  CHECK(gzip_decompress(once) == text);
}

TEST_CASE("many entries spill into leaf directories that the root points to, and all read back") {
  std::vector<DirectoryEntry> entries;
  std::mt19937 random(3);
  uint64_t offset = 0, id = 100;
  for (int i = 0; i < 60000; ++i) {
    const uint32_t length = 50 + random() % 5000, run_length = 1 + random() % 3;
    entries.push_back({id, offset, length, run_length});
    id += run_length + random() % 4;
    offset += length;
  }
  const Directories directories = build_directories(entries, 2000);  // a small budget forces leaves
  CHECK(directories.root.size() <= 2000);
  REQUIRE_FALSE(directories.leaves.empty());
  std::vector<tiles_test::Entry> recovered;
  for (const auto& pointer : tiles_test::parse_directory(tiles_test::gunzip(directories.root))) {
    REQUIRE(pointer.run_length == 0);
    const auto leaf = tiles_test::parse_directory(
        tiles_test::gunzip(directories.leaves.substr(pointer.offset, pointer.length)));
    CHECK(leaf.front().tile_id == pointer.tile_id);
    recovered.insert(recovered.end(), leaf.begin(), leaf.end());
  }
  REQUIRE(recovered.size() == entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    CHECK(recovered[i].tile_id == entries[i].tile_id);
    CHECK(recovered[i].offset == entries[i].offset);
    CHECK(recovered[i].length == entries[i].length);
    CHECK(recovered[i].run_length == entries[i].run_length);
  }
  SECTION("a directory that fits stays in the root") {
    const Directories small = build_directories({entries.begin(), entries.begin() + 10});
    CHECK(small.leaves.empty());
    CHECK(tiles_test::parse_directory(tiles_test::gunzip(small.root)).size() == 10);
  }
}
