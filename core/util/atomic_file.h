// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Every file the project writes goes through here: the content is written to a temporary
// file in the target's directory, flushed to disk and renamed over the target, so an
// interrupted or failed write never destroys the previous file.
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace anchorscope {

class ProgressToken;

// Calls `writer` with a stream on a temporary file, then renames it to `path`.
// If the writer throws or the stream fails, the temporary file is removed, `path` is left
// untouched and the error is rethrown (as InputError naming the file for I/O failures).
void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& writer);
void writeFileAtomically(const std::string& path, std::string_view content);

// Moves `from` to `to`: a rename on the same file system; otherwise a copy written as above
// (cancellable between chunks, `to` untouched until complete), then `from` is removed.
// Throws InputError naming the file; CancelledError (then `from` is still there).
void moveFileAtomically(const std::string& from, const std::string& to, const ProgressToken* progress = nullptr);

// Reads a whole file; throws InputError naming the file if it cannot be read.
std::string readWholeFile(const std::string& path);

} // namespace anchorscope
