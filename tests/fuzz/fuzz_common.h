// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The contract every fuzz target checks: a parser either returns a value or throws
// InputError (whose message the user sees). Any other exception escaping — an nlohmann
// type_error, std::out_of_range, bad_alloc from a size read out of the file — is a bug,
// reported by aborting so libFuzzer records the input. Memory errors, leaks and undefined
// behaviour are caught by ASan/UBSan.
#include "util/error.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace anchorscope::fuzz {

template <typename F>
void expectInputErrorOnly(F&& parse)
{
    try {
        parse();
    } catch (const InputError& e) {
        // ANCHORSCOPE_FUZZ_VERBOSE=1 shows why an input was refused (to check seeds parse).
        static const bool verbose = std::getenv("ANCHORSCOPE_FUZZ_VERBOSE") != nullptr;
        if (verbose)
            std::fprintf(stderr, "refused: %s\n", e.what());
        if (std::string(e.what()).empty()) {
            std::fprintf(stderr, "InputError without a message\n");
            std::abort();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "unexpected exception (not InputError): %s\n", e.what());
        std::abort();
    }
}

inline std::string text(const uint8_t* data, size_t size) { return std::string(reinterpret_cast<const char*>(data), size); }

} // namespace anchorscope::fuzz
