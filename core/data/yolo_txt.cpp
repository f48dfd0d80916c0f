// SPDX-License-Identifier: GPL-3.0-or-later
#include "data/yolo_txt.h"

#include "data/image_size.h"
#include "util/atomic_file.h"
#include "util/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

namespace anchorscope {
namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& s)
{
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return s.substr(b, e - b);
}

std::string unquote(std::string s)
{
    s = trim(s);
    if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front())
        s = s.substr(1, s.size() - 2);
    return s;
}

std::string stripComment(const std::string& line)
{
    // A '#' starts a comment unless it is inside quotes.
    char quote = 0;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '#' && (i == 0 || std::isspace(static_cast<unsigned char>(line[i - 1])))) {
            return line.substr(0, i);
        }
    }
    return line;
}

bool isImageFile(const fs::path& p)
{
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".bmp" || ext == ".tif" || ext == ".tiff"
        || ext == ".webp";
}

} // namespace

std::vector<std::string> parseYoloClassesTxt(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        line = trim(line);
        if (!line.empty())
            out.push_back(line);
    }
    return out;
}

std::vector<std::string> parseDataYamlNames(const std::string& text, const std::string& src)
{
    std::istringstream in(text);
    std::string line;
    std::vector<std::string> lines;
    while (std::getline(in, line))
        lines.push_back(stripComment(line));
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string t = trim(lines[i]);
        if (t.rfind("names:", 0) != 0 || (lines[i].size() && std::isspace(static_cast<unsigned char>(lines[i][0]))))
            continue;
        std::string rest = trim(t.substr(6));
        std::vector<std::string> names;
        if (!rest.empty()) {
            // Flow style: [a, b, 'c d'] (possibly over several lines).
            size_t j = i;
            while (rest.find(']') == std::string::npos && ++j < lines.size())
                rest += " " + trim(lines[j]);
            if (rest.front() == '{')
                throw InputError(src, "names: flow mappings are not supported; use a list or a block mapping");
            if (rest.front() != '[' || rest.back() != ']')
                throw InputError(src, "names: expected a list [a, b, ...]");
            std::string body = rest.substr(1, rest.size() - 2);
            std::string cur;
            char quote = 0;
            for (char c : body) {
                if (quote) {
                    if (c == quote)
                        quote = 0;
                    cur += c;
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    cur += c;
                } else if (c == ',') {
                    names.push_back(unquote(cur));
                    cur.clear();
                } else {
                    cur += c;
                }
            }
            if (!trim(cur).empty())
                names.push_back(unquote(cur));
            return names;
        }
        // Block style: "- name" items or "N: name" entries, indented.
        std::map<long, std::string> indexed;
        for (size_t j = i + 1; j < lines.size(); ++j) {
            const std::string& raw = lines[j];
            const std::string item = trim(raw);
            if (item.empty())
                continue;
            if (!std::isspace(static_cast<unsigned char>(raw[0])) && item[0] != '-')
                break; // next top-level key
            if (item[0] == '-') {
                names.push_back(unquote(item.substr(1)));
                continue;
            }
            const size_t colon = item.find(':');
            if (colon == std::string::npos)
                throw InputError(src, "names: cannot read line " + std::to_string(j + 1) + ": '" + item + "'");
            char* end = nullptr;
            const std::string key = trim(item.substr(0, colon));
            const long idx = std::strtol(key.c_str(), &end, 10);
            if (key.empty() || *end != '\0' || idx < 0 || idx > 100000)
                throw InputError(src, "names: expected an integer class index on line " + std::to_string(j + 1));
            indexed[idx] = unquote(item.substr(colon + 1));
        }
        if (!indexed.empty()) {
            if (!names.empty())
                throw InputError(src, "names: mixes list items and indexed entries");
            long expect = 0;
            for (const auto& [idx, name] : indexed) {
                if (idx != expect++)
                    throw InputError(src, "names: class indices must be 0, 1, 2, ... without gaps");
                names.push_back(name);
            }
        }
        if (names.empty())
            throw InputError(src, "names: is empty");
        return names;
    }
    throw InputError(src, "no top-level 'names:' entry");
}

std::vector<YoloLabel> parseYoloLabels(const std::string& text, const std::string& src, size_t numClasses)
{
    std::vector<YoloLabel> out;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        line = trim(line);
        if (line.empty())
            continue;
        std::istringstream ls(line);
        std::vector<std::string> tok;
        std::string t;
        while (ls >> t)
            tok.push_back(t);
        const std::string where = "line " + std::to_string(lineNo);
        if (tok.size() != 5)
            throw InputError(src, where + ": expected 5 values 'class cx cy w h', got " + std::to_string(tok.size()));
        double v[5];
        for (int k = 0; k < 5; ++k) {
            char* end = nullptr;
            v[k] = std::strtod(tok[size_t(k)].c_str(), &end);
            if (*end != '\0' || !std::isfinite(v[k]))
                throw InputError(src, where + ": '" + tok[size_t(k)] + "' is not a number");
        }
        if (v[0] < 0 || v[0] != std::floor(v[0]) || v[0] >= double(numClasses))
            throw InputError(src, where + ": class " + tok[0] + " is not in 0.." + std::to_string(numClasses - 1));
        YoloLabel l{int(v[0]), v[1], v[2], v[3], v[4]};
        if (l.w < 0 || l.h < 0)
            throw InputError(src, where + ": negative box size");
        const double tol = 1e-3;
        if (l.cx < -tol || l.cy < -tol || l.cx > 1 + tol || l.cy > 1 + tol || l.w > 1 + tol || l.h > 1 + tol)
            throw InputError(src, where + ": coordinates must be normalised to [0, 1]");
        out.push_back(l);
    }
    return out;
}

Dataset readYoloDataset(const std::string& root, const std::string& classesFile)
{
    std::error_code ec;
    const fs::path r(root);
    const fs::path imagesDir = r / "images";
    if (!fs::is_directory(imagesDir, ec))
        throw InputError(root, "not a YOLO dataset: no images/ folder");
    std::vector<std::string> classes;
    if (!classesFile.empty()) {
        const std::string text = readWholeFile(classesFile);
        classes = fs::path(classesFile).extension() == ".yaml" || fs::path(classesFile).extension() == ".yml"
            ? parseDataYamlNames(text, classesFile)
            : parseYoloClassesTxt(text);
    } else if (fs::is_regular_file(r / "classes.txt", ec)) {
        classes = parseYoloClassesTxt(readWholeFile((r / "classes.txt").string()));
    } else if (fs::is_regular_file(r / "data.yaml", ec)) {
        classes = parseDataYamlNames(readWholeFile((r / "data.yaml").string()), (r / "data.yaml").string());
    } else {
        throw InputError(root, "no classes.txt or data.yaml with the class names");
    }
    if (classes.empty())
        throw InputError(root, "the class list is empty");

    std::vector<fs::path> images;
    for (auto it = fs::recursive_directory_iterator(imagesDir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
        if (it->is_regular_file() && isImageFile(it->path()))
            images.push_back(it->path());
    if (ec)
        throw InputError(imagesDir.string(), "cannot list the directory: " + ec.message());
    std::sort(images.begin(), images.end());
    if (images.empty())
        throw InputError(imagesDir.string(), "no images found");

    Dataset ds;
    ds.source = root;
    ds.imageRoot = imagesDir.string();
    for (size_t i = 0; i < classes.size(); ++i)
        ds.categories.push_back({int64_t(i) + 1, classes[i], ""});
    int64_t annId = 1;
    for (size_t i = 0; i < images.size(); ++i) {
        const fs::path rel = fs::relative(images[i], imagesDir);
        const ImageSize size = readImageSize(images[i].string());
        ImageInfo im;
        im.id = int64_t(i) + 1;
        im.fileName = rel.string();
        im.width = size.width;
        im.height = size.height;
        if (rel.has_parent_path())
            im.split = rel.begin()->string();
        ds.images.push_back(im);
        fs::path label = r / "labels" / rel;
        label.replace_extension(".txt");
        const fs::file_status st = fs::status(label, ec);
        if (ec && ec != std::errc::no_such_file_or_directory)
            // Not "no labels": a label file we are not allowed to see would silently become
            // an image without objects.
            throw InputError(label.string(), "cannot be read: " + ec.message());
        if (!fs::is_regular_file(st))
            continue; // YOLO convention: no label file = no objects
        for (const YoloLabel& l : parseYoloLabels(readWholeFile(label.string()), label.string(), classes.size())) {
            Annotation a;
            a.id = annId++;
            a.imageId = im.id;
            a.categoryId = l.classIndex + 1;
            a.w = l.w * im.width;
            a.h = l.h * im.height;
            a.x = l.cx * im.width - 0.5 * a.w;
            a.y = l.cy * im.height - 0.5 * a.h;
            a.area = a.w * a.h;
            ds.annotations.push_back(a);
        }
    }
    ds.reindex();
    ds.validate();
    return ds;
}

} // namespace anchorscope
