// SPDX-License-Identifier: GPL-3.0-or-later
#include "data/voc_xml.h"

#include "data/image_size.h"
#include "data/xml.h"
#include "util/atomic_file.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

namespace anchorscope {
namespace fs = std::filesystem;

namespace {

double number(const XmlElement& parent, const char* name, const std::string& src, const std::string& where)
{
    const XmlElement* e = parent.child(name);
    if (!e)
        throw InputError(src, where + ": missing <" + name + ">");
    const std::string t = e->trimmedText();
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(v))
        throw InputError(src, where + ": <" + name + "> is not a number: '" + t + "'");
    return v;
}

} // namespace

VocAnnotation parseVocXml(const std::string& text, const std::string& src)
{
    const auto root = parseXml(text, src);
    if (root->name != "annotation")
        throw InputError(src, "expected an <annotation> root element, got <" + root->name + ">");
    VocAnnotation out;
    if (const XmlElement* f = root->child("filename"))
        out.fileName = f->trimmedText();
    if (const XmlElement* size = root->child("size")) {
        const double w = number(*size, "width", src, "<size>");
        const double h = number(*size, "height", src, "<size>");
        if (w < 0 || h < 0 || w > 1e6 || h > 1e6)
            throw InputError(src, "<size> is out of range");
        out.width = int(w);
        out.height = int(h);
    }
    int n = 0;
    for (const XmlElement* o : root->childrenNamed("object")) {
        const std::string where = "object " + std::to_string(++n) + " (line " + std::to_string(o->line) + ")";
        VocObject obj;
        const XmlElement* name = o->child("name");
        if (!name || name->trimmedText().empty())
            throw InputError(src, where + ": missing <name>");
        obj.name = name->trimmedText();
        if (const XmlElement* d = o->child("difficult")) {
            const std::string t = d->trimmedText();
            if (t != "0" && t != "1" && !t.empty())
                throw InputError(src, where + ": <difficult> must be 0 or 1, got '" + t + "'");
            obj.difficult = t == "1";
        }
        const XmlElement* bb = o->child("bndbox");
        if (!bb)
            throw InputError(src, where + ": missing <bndbox>");
        obj.xmin = number(*bb, "xmin", src, where);
        obj.ymin = number(*bb, "ymin", src, where);
        obj.xmax = number(*bb, "xmax", src, where);
        obj.ymax = number(*bb, "ymax", src, where);
        if (obj.xmax < obj.xmin || obj.ymax < obj.ymin)
            throw InputError(src, where + ": xmax/ymax smaller than xmin/ymin (negative box size)");
        out.objects.push_back(std::move(obj));
    }
    return out;
}

Dataset readVocDataset(const std::string& path, const VocReadOptions& opt)
{
    std::error_code ec;
    if (!fs::is_directory(path, ec))
        throw InputError(path, "not a directory (expected a VOC root or a folder of XML files)");
    fs::path xmlDir = path;
    std::string imagesDir = opt.imagesDir;
    if (fs::is_directory(fs::path(path) / "Annotations", ec)) {
        xmlDir = fs::path(path) / "Annotations";
        if (imagesDir.empty())
            imagesDir = (fs::path(path) / "JPEGImages").string();
    } else if (imagesDir.empty()) {
        const fs::path sibling = fs::path(path).parent_path() / "JPEGImages";
        imagesDir = fs::is_directory(sibling, ec) ? sibling.string() : path;
    }

    std::vector<fs::path> files;
    if (!opt.imageSetFile.empty()) {
        std::istringstream ids(readWholeFile(opt.imageSetFile));
        std::string line;
        while (std::getline(ids, line)) {
            std::istringstream ls(line);
            std::string id;
            if (ls >> id)
                files.push_back(xmlDir / (id + ".xml"));
        }
    } else {
        for (const auto& e : fs::directory_iterator(xmlDir, ec))
            if (e.is_regular_file() && e.path().extension() == ".xml")
                files.push_back(e.path());
        if (ec)
            throw InputError(xmlDir.string(), "cannot list the directory: " + ec.message());
        std::sort(files.begin(), files.end());
    }
    if (files.empty())
        throw InputError(xmlDir.string(), "no VOC .xml annotation files found");

    std::vector<VocAnnotation> parsed;
    std::set<std::string> names;
    for (const auto& f : files) {
        VocAnnotation a = parseVocXml(readWholeFile(f.string()), f.string());
        if (a.fileName.empty())
            a.fileName = f.stem().string() + ".jpg";
        if (a.width <= 0 || a.height <= 0) {
            const ImageSize s = readImageSize((fs::path(imagesDir) / a.fileName).string());
            a.width = s.width;
            a.height = s.height;
        }
        for (const auto& o : a.objects)
            names.insert(o.name);
        parsed.push_back(std::move(a));
    }

    Dataset ds;
    ds.source = path;
    ds.imageRoot = imagesDir;
    std::map<std::string, int64_t> idOf;
    const std::vector<std::string> classes = opt.classNames.empty() ? std::vector<std::string>(names.begin(), names.end())
                                                                     : opt.classNames;
    for (size_t i = 0; i < classes.size(); ++i) {
        ds.categories.push_back({int64_t(i) + 1, classes[i], ""});
        idOf[classes[i]] = int64_t(i) + 1;
    }
    int64_t annId = 1;
    for (size_t i = 0; i < parsed.size(); ++i) {
        const auto& a = parsed[i];
        ImageInfo im;
        im.id = int64_t(i) + 1;
        im.fileName = a.fileName;
        im.width = a.width;
        im.height = a.height;
        ds.images.push_back(im);
        for (const auto& o : a.objects) {
            auto it = idOf.find(o.name);
            if (it == idOf.end())
                throw InputError(files[i].string(), "class '" + o.name + "' is not in the class list");
            Annotation an;
            an.id = annId++;
            an.imageId = im.id;
            an.categoryId = it->second;
            an.x = o.xmin;
            an.y = o.ymin;
            an.w = o.xmax - o.xmin;
            an.h = o.ymax - o.ymin;
            an.area = an.w * an.h;
            an.difficult = o.difficult;
            ds.annotations.push_back(an);
        }
    }
    ds.reindex();
    ds.validate();
    return ds;
}

} // namespace anchorscope
