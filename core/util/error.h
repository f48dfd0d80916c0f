// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The one exception type for bad user input (files, options). Its message is shown to the
// user as is, so it names the file and says what is wrong.
#include <stdexcept>
#include <string>

namespace anchorscope {

class InputError : public std::runtime_error {
public:
    explicit InputError(const std::string& message) : std::runtime_error(message) {}
    InputError(const std::string& file, const std::string& message)
        : std::runtime_error(file.empty() ? message : file + ": " + message)
    {
    }
};

} // namespace anchorscope
