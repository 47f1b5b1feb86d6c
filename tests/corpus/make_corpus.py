#!/usr/bin/env python3
"""Writes the bad-input corpus (tests/corpus/inputs/) and its manifest (tests/corpus/manifest.csv).

Each case is one small file run through `hotspot analyse` by tests/corpus/test_corpus.cpp. The
manifest says the exit code and a substring of the message (exit 2), or the reject reason and how
many rows carry it (exit 0). Row data in these files carries the marker SECRET so the test can
check that no message ever echoes a row. Run it again after editing: it rewrites every file.
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = os.path.join(HERE, "inputs")
HEADER = "incident_id,easting,northing,offence,occurred_at"
cases = []  # (name, args, exit, message, reason, rejected)


def write(name, content):
    data = content.encode("utf-8") if isinstance(content, str) else content
    with open(os.path.join(INPUTS, name), "wb") as out:
        out.write(data)


def good_rows(count=20, start=1, day=1):
    rows = []
    for i in range(start, start + count):
        x = 550100 + (i * 137) % 1800
        y = 200100 + (i * 251) % 1800
        rows.append(f"SECRET{i},{x},{y},Burglary,2025-01-{(i % 28) + 1:02d} 22:{i % 60:02d}")
    return rows


def incidents(name, bad_lines, exit_code, message="", reason="", rejected=0, args="",
              header=HEADER, good=20, line_end="\n"):
    lines = [header] + good_rows(good) + bad_lines
    write(name, line_end.join(lines) + line_end)
    cases.append((name, args, exit_code, message, reason, rejected))


def reject(name, bad_lines, reason, args="", **kw):
    incidents(name, bad_lines, 0, "", reason, len(bad_lines), args, **kw)


# Inputs the cases share: four 1 km wards in British National Grid and 20 good incidents.
grid_wards = []


def square_ring(x0, y0, size):
    return "[" + ",".join(f"[{x},{y}]" for x, y in
                          [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size],
                           [x0, y0]]) + "]"


write("good_wards.geojson",
      '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":'
      '"urn:ogc:def:crs:EPSG::27700"}},"features":[' + ",".join(
          '{"type":"Feature","properties":{"WD23CD":"W%d","WD23NM":"Ward %d"},'
          '"geometry":{"type":"Polygon","coordinates":[%s]}}' % (
              k + 1, k + 1, square_ring(550000 + (k % 2) * 1000, 200000 + (k // 2) * 1000, 1000))
          for k in range(4)) + "]}")
write("good_incidents.csv", "\n".join([HEADER] + good_rows()) + "\n")

# --- CSV structure -------------------------------------------------------------------------
incidents("unclosed_quote.csv", ['SECRET90,550500,200500,"Burglary,2025-01-05'] +
          good_rows(30, 100), 2, "unclosed_quote.csv:22: a quoted field opens on this line")
lines = ['SECRET91,550500,200500,"Burglary SECRET,2025-01-05'] + good_rows(3, 200) + \
        ['SECRET92,550500,200500,Burglary",2025-01-09']
incidents("stray_quote_pairs_later.csv", lines, 0, "", "unbalanced-quote", 1)
reject("too_many_fields.csv", ["SECRET93,550500,200500,Burglary,2025-01-05,SECRET,extra"],
       "too-many-fields")
reject("too_few_fields.csv", ["SECRET94,550500,200500"], "too-few-fields")
reject("unquoted_comma_in_offence.csv",
       ["SECRET95,550500,200500,Theft, other SECRET,2025-01-05"], "too-many-fields")
incidents("cr_only_line_ends.csv", [], 0, "", "", 0, line_end="\r")
incidents("crlf_line_ends.csv", [], 0, "", "", 0, line_end="\r\n")
incidents("mixed_line_ends.csv", ["SECRET96,550500,200500,Burglary,2025-01-05\r"], 0)
write("header_control_chars.csv",
      "incident_id,east\x1b[31mING\x07,northing,offence,occurred_at\n" + "\n".join(good_rows()) + "\n")
cases.append(("header_control_chars.csv", "", 2, "\\x1B[31ming\\x07", "", 0))
write("long_header.csv", ",".join(f"col{i}" for i in range(20000)) + "\n1,2,3\n")
cases.append(("long_header.csv", "", 2, "(20000 columns)", "", 0))
long_row = "SECRET97,550500,200500,Burglary,2025-01-05," + ",".join(["x"] * 50000)
reject("one_long_line_many_fields.csv", [long_row], "too-many-fields")
write("utf16.csv", ("\ufeff" + HEADER + "\n" + "\n".join(good_rows()) + "\n").encode("utf-16-le"))
cases.append(("utf16.csv", "", 2, "UTF-16", "", 0))
write("empty.csv", "")
cases.append(("empty.csv", "", 2, "empty.csv: the file is empty", "", 0))
write("header_only.csv", HEADER + "\n")
cases.append(("header_only.csv", "", 2, "header but no incident rows", "", 0))
write("blank_lines_only.csv", HEADER + "\n\n\n\n")
cases.append(("blank_lines_only.csv", "", 2, "header but no incident rows", "", 0))
write("binary_garbage.csv", bytes((i * 97 + 13) % 256 for i in range(4000)))
cases.append(("binary_garbage.csv", "", 2, "binary_garbage.csv", "", 0))
write("semicolon_delimited.csv", HEADER.replace(",", ";") + "\n" +
      "\n".join(r.replace(",", ";") for r in good_rows()) + "\n")
cases.append(("semicolon_delimited.csv", "", 2, "none of the expected columns", "", 0))
write("tab_delimited.csv", HEADER.replace(",", "\t") + "\n" +
      "\n".join(r.replace(",", "\t") for r in good_rows()) + "\n")
cases.append(("tab_delimited.csv", "", 2, "none of the expected columns", "", 0))
write("no_expected_columns.csv", "a,b,c\nSECRET,2,3\n")
cases.append(("no_expected_columns.csv", "", 2, "none of the expected columns", "", 0))
write("quoted_header_newline.csv", 'incident_id,"east\ning",northing,offence,occurred_at\n' +
      "\n".join(good_rows()) + "\n")
cases.append(("quoted_header_newline.csv", "", 2, "quoted_header_newline.csv:1", "", 0))
incidents("bom_header.csv", [], 0, header="\ufeff" + HEADER)
reject("nul_bytes.csv", ["SECRET98,550\x00500,200500,Burglary,2025-01-05"], "bad-number")
incidents("named_column_missing.csv", [], 2, "no column named 'grid_east'",
          args="--x-column grid_east")
reject("only_commas.csv", [",,,,"], "no-coordinates")
incidents("escaped_quotes_ok.csv", ['SECRET99,550500,200500,"Theft ""other""",2025-01-05'], 0)
incidents("multiline_free_text_ok.csv", [], 0,
          header=HEADER + ",notes", good=0)
with open(os.path.join(INPUTS, "multiline_free_text_ok.csv"), "a") as out:
    out.write('SECRET100,550500,200500,Burglary,2025-01-05,"line one\nline two SECRET"\n')
reject("quote_in_used_field_spans_lines.csv",
       ['SECRET101,550500,200500,"Burglary\nSECRET",2025-01-05'], "unbalanced-quote")

# --- encodings -----------------------------------------------------------------------------
write("windows_1252_offence.csv", (HEADER + "\n" + "\n".join(good_rows()) + "\n").encode() +
      b"SECRET102,550500,200500,Assault \x96 common SECRET,2025-01-05\n")
cases.append(("windows_1252_offence.csv", "", 0, "read as Windows-1252", "", 0))
write("invalid_utf8_forced.csv", (HEADER + "\n" + "\n".join(good_rows()) + "\n").encode() +
      b"SECRET103,550500,200500,Assault \x96 common,2025-01-05\n")
cases.append(("invalid_utf8_forced.csv", "--encoding utf-8", 0, "", "bad-encoding", 1))
write("windows_1252_header.csv", b"incident_id,easting,northing,offence,occurred_at,caf\xe9\n" +
      "\n".join(r + "," for r in good_rows()).encode() + b"\n")
cases.append(("windows_1252_header.csv", "", 0, "", "", 0))
write("overlong_utf8.csv", (HEADER + "\n" + "\n".join(good_rows()) + "\n").encode() +
      b"SECRET104,550500,200500,Burglary \xc0\xaf,2025-01-05\n")
cases.append(("overlong_utf8.csv", "--encoding utf-8", 0, "", "bad-encoding", 1))

# --- numbers and places --------------------------------------------------------------------
reject("bad_number_x.csv", ["SECRET105,abc,200500,Burglary,2025-01-05"], "bad-number")
reject("bad_number_y.csv", ["SECRET106,550500,2OO5OO,Burglary,2025-01-05"], "bad-number")
reject("nan_and_inf.csv", ["SECRET107,nan,200500,Burglary,2025-01-05",
                           "SECRET108,550500,inf,Burglary,2025-01-05",
                           "SECRET109,1e999,200500,Burglary,2025-01-05"], "bad-number")
reject("zero_coordinates.csv", ["SECRET110,0,0,Burglary,2025-01-05"], "zero-coordinates")
reject("no_coordinates.csv", ["SECRET111,,,Burglary,2025-01-05"], "no-coordinates")
reject("far_outside.csv", ["SECRET112,350500,400500,Burglary,2025-01-05"],
       "far-outside-study-area")
lines = [f"SECRET{i},560500,210500,Burglary,2025-01-05" for i in range(200, 220)]
incidents("all_outside_wards.csv", lines, 2, "no incident falls inside the wards", good=0)
incidents("all_rejected.csv", ["SECRET113,abc,def,Burglary,2025-01-05"], 2,
          "no usable incident rows", good=0)
incidents("wrong_crs_given.csv", [], 2, "no usable incident rows", args="--crs EPSG:4326")
incidents("unknown_crs.csv", [], 2, "unknown CRS", args="--crs EPSG:999999")

# --- categories, dates, ids ---------------------------------------------------------------
reject("missing_category.csv", ["SECRET114,550500,200500,,2025-01-05"], "missing-category")
reject("missing_date.csv", ["SECRET115,550500,200500,Burglary,"], "missing-date")
reject("bad_dates.csv", ["SECRET116,550500,200500,Burglary,31/02/2025",
                         "SECRET117,550500,200500,Burglary,2025-13-01",
                         "SECRET118,550500,200500,Burglary,2025-02-03T25:00",
                         "SECRET119,550500,200500,Burglary,22:15",
                         "SECRET120,550500,200500,Burglary,SECRET"], "bad-date")
reject("offset_out_of_range.csv", ["SECRET121,550500,200500,Burglary,2025-01-05T10:00+99:99",
                                   "SECRET122,550500,200500,Burglary,2025-01-05T10:00+15:00",
                                   "SECRET123,550500,200500,Burglary,2025-01-05T10:00+01:75"],
       "bad-date")
reject("year_0001.csv", ["SECRET124,550500,200500,Burglary,0001-01-01"], "implausible-date")
reject("year_1989.csv", ["SECRET125,550500,200500,Burglary,31/12/1989 23:59"], "implausible-date")
reject("far_future.csv", ["SECRET126,550500,200500,Burglary,2999-01-01"], "implausible-date")
reject("iso_order_forced.csv", ["SECRET127,550500,200500,Burglary,05/01/2025"], "bad-date",
       args="--date-order iso")
reject("duplicate_id.csv", ["SECRET1,550500,200500,Burglary,2025-01-05"], "duplicate-id")
names = [f"SECRET{i},550500,200500,Offence SECRET number {i},2025-01-05" for i in range(300, 2300)]
incidents("many_distinct_offences.csv", names, 0, good=0)
incidents("huge_offence_name.csv", ["SECRET128,550500,200500," + "A" * 100000 + ",2025-01-05"], 0)

# --- police.uk files -----------------------------------------------------------------------
PUK = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context"


def puk_rows(count=20):
    return [f"SECRET{i},2025-01,Essex Police,Essex Police,{0.175 + (i % 7) * 0.002:.4f},"
            f"{51.684 + (i % 5) * 0.002:.4f},On or near SECRET,E01,Essex 001A,Burglary,,"
            for i in range(count)]


def puk(name, bad, exit_code, message="", reason="", rejected=0):
    write(name, "\n".join([PUK] + puk_rows() + bad) + "\n")
    cases.append((name, "", exit_code, message, reason, rejected))


puk("police_uk_no_location.csv", ["SECRET129,2025-01,E,E,,,No Location,,,Burglary,,"], 0, "",
    "no-coordinates", 1)
puk("police_uk_swapped.csv", ["SECRET130,2025-01,E,E,51.685,0.18,x,E01,y,Burglary,,"], 0, "",
    "swapped-lat-lon", 1)
puk("police_uk_out_of_range.csv", ["SECRET131,2025-01,E,E,400,200,x,E01,y,Burglary,,"], 0, "",
    "out-of-range", 1)
puk("police_uk_bad_month.csv", ["SECRET132,2025-13,E,E,0.18,51.685,x,E01,y,Burglary,,"], 0, "",
    "bad-date", 1)
write("police_uk_outcomes_only.csv",
      "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n"
      "SECRET,2025-01,E,E,0.28,51.81,x,E01,y,Unable to prosecute\n")
cases.append(("police_uk_outcomes_only.csv", "", 2, "no usable incident rows", "", 0))

# --- population files (args use {input} for the population file) -------------------------
POP_ARGS = "--population {input} --incidents {good}"


def population(name, text, exit_code, message):
    write(name, text)
    cases.append((name, POP_ARGS, exit_code, message, "", 0))


population("population_thousands_unquoted.csv",
           "ward_code,population\nW1,5,400\nW2,5000\nW3,5000\nW4,5000\n", 2,
           "population_thousands_unquoted.csv:2: the row has 3 fields")
population("population_1e308.csv", "ward_code,population\nW1,1e308\nW2,5000\n", 2,
           "population_1e308.csv:2 field 'population': more than 10 million")
population("population_duplicate_code.csv",
           "ward_code,population\nW1,5000\nW2,5000\nW1,6000\n", 2,
           "population_duplicate_code.csv:4 field 'ward_code': this ward code is already on line 2")
population("population_negative.csv", "ward_code,population\nW1,-5\n", 2, "not a number")
population("population_text.csv", "ward_code,population\nW1,lots\n", 2, "not a number")
population("population_nan.csv", "ward_code,population\nW1,nan\n", 2, "not a number")
population("population_inf.csv", "ward_code,population\nW1,inf\n", 2, "10 million")
population("population_no_header.csv", "W1,5000\nW2,5000\n", 2, "needs a header")
population("population_empty.csv", "", 2, "population file is empty")
population("population_unclosed_quote.csv", 'ward_code,population\nW1,"5000\nW2,5000\n', 2,
           "population_unclosed_quote.csv:2: a quoted field opens")
population("population_unmatched_codes.csv",
           "ward_code,population\nW1,5000\nW2,5000\nW3,5000\nW4,5000\nX9,100\nX8,200\n", 0,
           "name ward codes that are not in the ward layer (X9, X8)")
population("population_quoted_thousands_ok.csv",
           'ward_code,population\nW1,"5,400"\nW2,5000\nW3,5000\nW4,5000\n', 0, "")

# --- ward files (args use {input} for the ward file) ---------------------------------------
WARD_ARGS = "--wards {input} --incidents {good}"
BNG = '"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},'


def square(x0, y0, size):
    return [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]


def ward_file(name, squares, crs=BNG, exit_code=2, message=""):
    features = ",".join(
        '{"type":"Feature","properties":{"WD23CD":"%s","WD23NM":"Ward %s"},'
        '"geometry":{"type":"Polygon","coordinates":[%s]}}' % (code, code, ring)
        for code, ring in squares)
    write(name, '{"type":"FeatureCollection",%s"features":[%s]}' % (crs, features))
    cases.append((name, WARD_ARGS, exit_code, message, "", 0))


def ring(points):
    return "[" + ",".join(f"[{x},{y}]" for x, y in points) + "]"


grid = [("W1", ring(square(550000, 200000, 1000))), ("W2", ring(square(551000, 200000, 1000))),
        ("W3", ring(square(550000, 201000, 1000))), ("W4", ring(square(551000, 201000, 1000)))]
ward_file("wards_degrees_labelled_bng.geojson",
          [("W1", ring([[0.28, 51.81], [0.3, 51.81], [0.3, 51.83], [0.28, 51.81]]))], BNG, 2,
          "look like longitude/latitude")
ward_file("wards_metres_without_crs.geojson", grid, "", 2, "look like metres")
ward_file("wards_duplicated.geojson", grid + [("W5", grid[0][1])], BNG, 2, "overlap over 100%")
ward_file("wards_small_overlap.geojson",
          grid[:1] + [("W2", ring(square(550990, 200000, 1000)))] + grid[2:], BNG, 0,
          "1 pairs of wards overlap: W1 and W2")
ward_file("wards_bow_tie.geojson",
          grid + [("W5", ring([[552000, 200000], [553000, 201000], [553000, 200000],
                               [552000, 201000], [552000, 200000]]))], BNG, 0, "repaired with GEOS")
write("wards_truncated.geojson", '{"type":"FeatureCollection","features":[{"type":"Feat')
cases.append(("wards_truncated.geojson", WARD_ARGS, 2, "(GDAL: ", "", 0))
write("wards_empty.geojson", "")
cases.append(("wards_empty.geojson", WARD_ARGS, 2, "cannot read the ward file", "", 0))
write("wards_points.geojson", '{"type":"FeatureCollection",' + BNG + '"features":[{"type":"Feature",'
      '"properties":{"WD23CD":"W1"},"geometry":{"type":"Point","coordinates":[550500,200500]}}]}')
cases.append(("wards_points.geojson", WARD_ARGS, 2, "no polygon", "", 0))
write("wards_no_code.geojson", '{"type":"FeatureCollection",' + BNG + '"features":[{"type":"Feature",'
      '"properties":{"colour":"red"},"geometry":{"type":"Polygon","coordinates":[' + grid[0][1] + ']}}]}')
cases.append(("wards_no_code.geojson", WARD_ARGS, 2, "no area code field", "", 0))
write("wards_empty_code.geojson", '{"type":"FeatureCollection",' + BNG + '"features":[{"type":"Feature",'
      '"properties":{"WD23CD":""},"geometry":{"type":"Polygon","coordinates":[' + grid[0][1] + ']}}]}')
cases.append(("wards_empty_code.geojson", WARD_ARGS, 2, "empty ward code", "", 0))
write("wards_not_json.geojson", "SECRET this is not a ward file\n")
cases.append(("wards_not_json.geojson", WARD_ARGS, 2, "cannot read the ward file", "", 0))
ward_file("wards_far_from_incidents.geojson",
          [("W1", ring(square(450000, 100000, 1000)))], BNG, 2, "no usable incident rows")

# --- mapping and configuration files ------------------------------------------------------
write("mapping_bad_slug.csv", "name,slug\nBurglary,Not A Slug\n")
cases.append(("mapping_bad_slug.csv", "--category-mapping {input} --incidents {good}", 2,
              "mapping_bad_slug.csv:2 field 'slug'", "", 0))
write("config_bad_toml.toml", "title = \"unclosed\n[inputs\n")
cases.append(("config_bad_toml.toml", "--config {input} --incidents {good}", 2,
              "config_bad_toml.toml", "", 0))
write("config_bad_encoding.toml", 'title = "x"\n[incidents]\nencoding = "latin-9"\n')
cases.append(("config_bad_encoding.toml", "--config {input} --incidents {good}", 2,
              "encoding must be", "", 0))

with open(os.path.join(HERE, "manifest.csv"), "w", newline="") as out:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["input", "args", "exit", "message", "reason", "rejected"])
    for case in cases:
        writer.writerow(case)
print(f"{len(cases)} cases")
