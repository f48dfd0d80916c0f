// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Command-line options of one anchorscope-cli command: "--name value" pairs and flags,
// declared up front so that unknown options and missing values are reported, and --help
// text is generated from the same declarations.
#include <map>
#include <string>
#include <vector>

namespace anchorscope::cli {

struct OptionSpec {
    std::string name;     // without the leading "--"
    std::string valueName; // empty for a flag
    std::string help;
    bool required = false;
    std::string defaultValue;
};

class Args {
public:
    Args(std::string command, std::string summary, std::vector<OptionSpec> specs);

    // Parses argv after the command name. Returns false and sets error() on bad input.
    bool parse(const std::vector<std::string>& argv);
    const std::string& error() const { return error_; }
    bool helpRequested() const { return help_; }
    std::string helpText() const;

    // Whether the option was given (an undeclared one never is).
    bool has(const std::string& name) const;
    // Its value or the default; std::logic_error for an option the command does not
    // declare (a typo in a command or a shared option helper must not read as "not given").
    std::string get(const std::string& name) const;
    double getDouble(const std::string& name) const; // throws InputError on a bad number
    long long getInt(const std::string& name) const;
    bool flag(const std::string& name) const { return has(name); }

private:
    const OptionSpec* find(const std::string& name) const;
    std::string command_, summary_;
    std::vector<OptionSpec> specs_;
    std::map<std::string, std::string> values_;
    std::string error_;
    bool help_ = false;
};

} // namespace anchorscope::cli
