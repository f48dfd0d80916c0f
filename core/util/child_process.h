// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Running another program (the Python exporter of torchvision models) without a shell: its
// output captured, cancellable through the job's token (the child is terminated).
#include <string>
#include <vector>

namespace anchorscope {

class ProgressToken;

struct ChildResult {
    int exitCode = -1; // 128 + signal when killed by one; 127 when it could not be started
    std::string out, err;
};

// The last line of a child's stderr, trailing blanks dropped: where Python tools put their
// one-line message (after a traceback, if any).
std::string lastLine(const std::string& text);

// Runs argv[0] with argv (execv: a path, not a name looked up in PATH). Throws
// CancelledError (after terminating the child) when `progress` is cancelled.
ChildResult runChild(const std::vector<std::string>& argv, const ProgressToken* progress = nullptr);

} // namespace anchorscope
