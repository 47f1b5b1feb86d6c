// Text from input files made safe: UTF-8 validation, Windows-1252 decoding (the fallback for a
// force export's "–" in an offence name), and message-safe text (no control characters, no
// invalid UTF-8, bounded length) for names that reach the terminal, such as header names.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace hotspot {

enum class TextEncoding { automatic, utf8, windows_1252 };

// "auto", "utf-8", "windows-1252" (also "utf8", "cp1252"); false for anything else.
bool parse_text_encoding(std::string_view name, TextEncoding& encoding);
const char* text_encoding_name(TextEncoding encoding);

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Windows-1252 bytes as UTF-8. The five bytes Windows-1252 leaves undefined become U+FFFD.
std::string windows_1252_to_utf8(std::string_view text);

// `text` as a message may show it: invalid UTF-8 bytes and control characters written as
// \xNN, cut to at most `max_bytes` bytes (then "..." is appended).
std::string sanitise_for_message(std::string_view text, size_t max_bytes = 80);

}  // namespace hotspot
