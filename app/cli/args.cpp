// SPDX-License-Identifier: GPL-3.0-or-later
#include "args.h"

#include "util/error.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace anchorscope::cli {

Args::Args(std::string command, std::string summary, std::vector<OptionSpec> specs)
    : command_(std::move(command)), summary_(std::move(summary)), specs_(std::move(specs))
{
    specs_.push_back({"json", "", "print one JSON object on stdout (progress goes to stderr)", false, ""});
    specs_.push_back({"help", "", "show this help", false, ""});
}

const OptionSpec* Args::find(const std::string& name) const
{
    for (const auto& s : specs_)
        if (s.name == name)
            return &s;
    return nullptr;
}

bool Args::parse(const std::vector<std::string>& argv)
{
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "-h") {
            help_ = true;
            continue;
        }
        if (a.rfind("--", 0) != 0) {
            error_ = "unexpected argument '" + a + "'";
            return false;
        }
        std::string name = a.substr(2), value;
        bool inlineValue = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            inlineValue = true;
        }
        const OptionSpec* spec = find(name);
        if (!spec) {
            error_ = "unknown option --" + name;
            return false;
        }
        if (name == "help")
            help_ = true;
        if (spec->valueName.empty()) {
            if (inlineValue) {
                error_ = "option --" + name + " takes no value";
                return false;
            }
            values_[name] = "1";
            continue;
        }
        if (!inlineValue) {
            if (i + 1 >= argv.size()) {
                error_ = "option --" + name + " needs a value (" + spec->valueName + ")";
                return false;
            }
            value = argv[++i];
        }
        values_[name] = value;
    }
    if (help_)
        return true;
    for (const auto& s : specs_)
        if (s.required && !values_.count(s.name)) {
            error_ = "missing required option --" + s.name + " " + s.valueName;
            return false;
        }
    return true;
}

std::string Args::helpText() const
{
    std::string out = "usage: anchorscope-cli " + command_;
    for (const auto& s : specs_)
        if (s.required)
            out += " --" + s.name + " " + s.valueName;
    out += " [options]\n\n" + summary_ + "\n\noptions:\n";
    for (const auto& s : specs_) {
        std::string left = "  --" + s.name + (s.valueName.empty() ? "" : " " + s.valueName);
        if (left.size() < 28)
            left.resize(28, ' ');
        else
            left += "\n" + std::string(28, ' ');
        out += left + s.help;
        if (s.required)
            out += " (required)";
        else if (!s.defaultValue.empty())
            out += " (default: " + s.defaultValue + ")";
        out += "\n";
    }
    return out;
}

bool Args::has(const std::string& name) const { return values_.count(name) > 0; }

std::string Args::get(const std::string& name) const
{
    auto it = values_.find(name);
    if (it != values_.end())
        return it->second;
    const OptionSpec* s = find(name);
    if (!s) // a command reading an option it does not declare: a bug, not bad input
        throw std::logic_error("anchorscope-cli " + command_ + " reads option --" + name + ", which it does not declare");
    return s->defaultValue;
}

double Args::getDouble(const std::string& name) const
{
    const std::string v = get(name);
    char* end = nullptr;
    errno = 0;
    const double d = std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0' || errno != 0 || !std::isfinite(d))
        throw InputError("option --" + name + ": '" + v + "' is not a number");
    return d;
}

long long Args::getInt(const std::string& name) const
{
    const std::string v = get(name);
    char* end = nullptr;
    errno = 0;
    const long long n = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || errno != 0)
        throw InputError("option --" + name + ": '" + v + "' is not an integer");
    return n;
}

} // namespace anchorscope::cli
