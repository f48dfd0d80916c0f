// SPDX-License-Identifier: GPL-3.0-or-later
// Dataset readers (COCO JSON, Pascal VOC XML, YOLO txt), the COCO writers, and one test
// per kind of bad input: each must give an InputError naming the file and the problem.
#include "test_util.h"

#include "data/coco_json.h"
#include "data/dataset_io.h"
#include "data/image_size.h"
#include "data/voc_xml.h"
#include "data/xml.h"
#include "data/yolo_txt.h"

#include <QDir>

#include <cmath>

using namespace anchorscope;
using testutil::writeText;

namespace {

const char* kGoodCoco = R"({
 "images": [{"id": 7, "file_name": "a.png", "width": 64, "height": 48},
            {"id": 9, "file_name": "b.png", "width": 32, "height": 32}],
 "annotations": [{"id": 1, "image_id": 7, "category_id": 12, "bbox": [1, 2, 10, 20], "area": 150.5, "iscrowd": 0},
                 {"id": 2, "image_id": 7, "category_id": 30, "bbox": [5, 5, 4, 4], "iscrowd": 1},
                 {"id": 3, "image_id": 9, "category_id": 12, "bbox": [0, 0, 8, 8], "area": 64, "iscrowd": false}],
 "categories": [{"id": 12, "name": "cat"}, {"id": 30, "name": "dog", "supercategory": "animal"}]
})";

// A PNG signature + IHDR with the given size: enough for the header reader.
std::string fakePng(uint32_t w, uint32_t h)
{
    std::string s("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
    for (uint32_t v : {w, h})
        for (int shift = 24; shift >= 0; shift -= 8)
            s += char((v >> shift) & 0xFF);
    s += std::string("\x08\x02\0\0\0", 5);
    return s;
}

// SOI, an APP0 segment, then SOF0 with the size.
std::string fakeJpeg(uint16_t w, uint16_t h)
{
    std::string s("\xFF\xD8\xFF\xE0\x00\x04\x00\x00\xFF\xC0\x00\x11\x08", 13);
    s += char(h >> 8);
    s += char(h & 0xFF);
    s += char(w >> 8);
    s += char(w & 0xFF);
    s += std::string(12, '\0');
    return s;
}

std::string vocXml(const std::string& file, int w, int h, const std::string& objects)
{
    return "<?xml version=\"1.0\"?>\n<!-- VOC -->\n<annotation>\n  <folder>VOC</folder>\n  <filename>" + file
        + "</filename>\n  <size><width>" + std::to_string(w) + "</width><height>" + std::to_string(h)
        + "</height><depth>3</depth></size>\n" + objects + "</annotation>\n";
}

std::string vocObject(const std::string& name, int x1, int y1, int x2, int y2, int difficult = 0)
{
    return "  <object><name>" + name + "</name><difficult>" + std::to_string(difficult) + "</difficult><bndbox><xmin>"
        + std::to_string(x1) + "</xmin><ymin>" + std::to_string(y1) + "</ymin><xmax>" + std::to_string(x2)
        + "</xmax><ymax>" + std::to_string(y2) + "</ymax></bndbox></object>\n";
}

} // namespace

class TestDatasets : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string path(const char* name) const { return testutil::tempPath(dir_, name); }

private Q_SLOTS:
    void cocoReads()
    {
        const Dataset ds = parseCocoDataset(kGoodCoco, "good.json");
        QCOMPARE(ds.images.size(), size_t(2));
        QCOMPARE(ds.annotations.size(), size_t(3));
        QCOMPARE(ds.categoryIndex(30), int64_t(1)); // non-contiguous ids
        QCOMPARE(ds.annotations[0].area, 150.5);
        QCOMPARE(ds.annotations[1].area, 16.0); // no "area": w * h
        QVERIFY(ds.annotations[1].iscrowd);
        QVERIFY(!ds.annotations[2].iscrowd);
        QCOMPARE(ds.category(30)->supercategory, std::string("animal"));
    }

    void cocoRoundTrip()
    {
        Dataset ds = parseCocoDataset(kGoodCoco, "good.json");
        ds.images[0].split = "train";
        writeCocoDataset(ds, path("rt.json"));
        const Dataset back = readCocoDataset(path("rt.json"));
        QCOMPARE(back.images.size(), ds.images.size());
        QCOMPARE(back.images[0].split, std::string("train"));
        for (size_t i = 0; i < ds.annotations.size(); ++i) {
            QCOMPARE(back.annotations[i].x, ds.annotations[i].x);
            QCOMPARE(back.annotations[i].area, ds.annotations[i].area);
            QCOMPARE(back.annotations[i].iscrowd, ds.annotations[i].iscrowd);
        }
        QCOMPARE(back.imageRoot, (QDir(dir_.path()).filePath(QStringLiteral("images"))).toStdString());
        const Dataset train = back.subset("train");
        QCOMPARE(train.images.size(), size_t(1));
        QCOMPARE(train.annotations.size(), size_t(2));
    }

    void cocoResultsRoundTrip()
    {
        const Dataset gt = parseCocoDataset(kGoodCoco, "good.json");
        std::vector<DetectionRecord> d(2);
        d[0] = {7, 12, 1.5, 2.25, 10, 20, 0.875};
        d[1] = {9, 30, 0, 0, 1, 1, 0.1};
        writeCocoResults(d, path("res.json"));
        const auto back = readCocoResults(path("res.json"), &gt);
        QCOMPARE(back.size(), size_t(2));
        QCOMPARE(back[0].y, 2.25);
        QCOMPARE(back[0].score, 0.875);
        QCOMPARE(back[1].categoryId, int64_t(30));
    }

    void cocoBadInput_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("needle");
        const QString good = QString::fromLatin1(kGoodCoco);
        auto replaced = [&](const char* a, const char* b) { return QString(good).replace(QString::fromLatin1(a), QString::fromLatin1(b)); };
        QTest::newRow("empty file") << QString() << "empty";
        QTest::newRow("not JSON") << "hello" << "not valid JSON";
        QTest::newRow("truncated") << good.left(good.size() / 2) << "truncated";
        QTest::newRow("NaN literal") << replaced("150.5", "NaN") << "not valid JSON";
        QTest::newRow("top level array") << "[]" << "expected a COCO dataset object";
        QTest::newRow("missing images") << "{\"categories\": []}" << "missing key \"images\"";
        QTest::newRow("images not array") << "{\"images\": 3, \"categories\": []}" << "images: expected an array";
        QTest::newRow("id is a string") << replaced("\"id\": 7,", "\"id\": \"7\",") << "images[0].id: expected an integer, got string";
        QTest::newRow("id is fractional") << replaced("\"id\": 7,", "\"id\": 7.5,") << "expected an integer";
        QTest::newRow("missing file_name") << replaced("\"file_name\": \"a.png\", ", "") << "images[0]: missing key \"file_name\"";
        QTest::newRow("missing bbox") << replaced("\"bbox\": [1, 2, 10, 20], ", "") << "annotations[0]: missing key \"bbox\"";
        QTest::newRow("bbox too short") << replaced("[1, 2, 10, 20]", "[1, 2, 10]") << "expected 4 numbers";
        QTest::newRow("bbox not numbers") << replaced("[1, 2, 10, 20]", "[1, 2, \"10\", 20]") << "bbox[2]: expected a number";
        QTest::newRow("negative width") << replaced("[1, 2, 10, 20]", "[1, 2, -10, 20]") << "negative box width";
        QTest::newRow("negative area") << replaced("\"area\": 150.5", "\"area\": -1") << "negative area";
        QTest::newRow("unknown category") << replaced("\"category_id\": 30", "\"category_id\": 31") << "unknown category id 31";
        QTest::newRow("unknown image") << replaced("\"image_id\": 9", "\"image_id\": 10") << "unknown image id 10";
        QTest::newRow("duplicate image id") << replaced("\"id\": 9,", "\"id\": 7,") << "duplicate image id 7";
        QTest::newRow("duplicate annotation id") << replaced("\"id\": 3,", "\"id\": 2,") << "duplicate annotation id 2";
        QTest::newRow("duplicate category id") << replaced("{\"id\": 30, \"name\": \"dog\"", "{\"id\": 12, \"name\": \"dog\"")
                                               << "duplicate category id 12";
        QTest::newRow("no images") << "{\"images\": [], \"categories\": [{\"id\": 1, \"name\": \"a\"}]}" << "no images";
        QTest::newRow("no categories") << "{\"images\": [{\"id\": 1, \"file_name\": \"x\"}], \"categories\": []}"
                                       << "no categories";
        QTest::newRow("negative image size") << replaced("\"width\": 64", "\"width\": -64") << "negative image size";
    }

    void cocoBadInput()
    {
        QFETCH(QString, text);
        QFETCH(QString, needle);
        const std::string file = path("bad.json");
        writeText(file, text.toStdString());
        EXPECT_INPUT_ERROR(readCocoDataset(file), needle.toStdString().c_str());
        EXPECT_INPUT_ERROR(readCocoDataset(file), file.c_str()); // the message names the file
    }

    void cocoResultsBadInput()
    {
        const Dataset gt = parseCocoDataset(kGoodCoco, "good.json");
        EXPECT_INPUT_ERROR(parseCocoResults("{}", "r.json", &gt), "expected a COCO results array");
        EXPECT_INPUT_ERROR(parseCocoResults("[{\"image_id\": 7, \"category_id\": 12, \"bbox\": [0,0,1,1]}]", "r.json", &gt),
                           "missing key \"score\"");
        EXPECT_INPUT_ERROR(
            parseCocoResults("[{\"image_id\": 8, \"category_id\": 12, \"bbox\": [0,0,1,1], \"score\": 1}]", "r.json", &gt),
            "image id 8 is not in the ground truth");
        QCOMPARE(parseCocoResults("[{\"image_id\": 7, \"category_id\": 12, \"bbox\": [0,0,-1,1], \"score\": 1}]", "r.json", &gt)
                     .size(),
                 size_t(1)); // as pycocotools: kept, matches nothing
        EXPECT_INPUT_ERROR(parseCocoResults("[{\"image_id\": 7", "r.json", &gt), "truncated");
    }

    void missingFiles()
    {
        EXPECT_INPUT_ERROR(readCocoDataset(path("nope.json")), "file not found");
        EXPECT_INPUT_ERROR(readCocoDataset(dir_.path().toStdString()), "is a directory");
        Dataset ds = parseCocoDataset(kGoodCoco, "good.json");
        ds.imageRoot = path("imgs");
        QDir().mkpath(QString::fromStdString(ds.imageRoot));
        writeText(ds.imageRoot + "/a.png", fakePng(64, 48));
        EXPECT_INPUT_ERROR(ds.checkImageFiles(), "1 image file(s) missing");
        writeText(ds.imageRoot + "/b.png", fakePng(32, 32));
        ds.checkImageFiles();
    }

    void imageSizes()
    {
        writeText(path("s.png"), fakePng(640, 480));
        writeText(path("s.jpg"), fakeJpeg(300, 200));
        writeText(path("junk.png"), "not an image at all");
        QCOMPARE(readImageSize(path("s.png")).width, 640);
        QCOMPARE(readImageSize(path("s.png")).height, 480);
        QCOMPARE(readImageSize(path("s.jpg")).width, 300);
        QCOMPARE(readImageSize(path("s.jpg")).height, 200);
        EXPECT_INPUT_ERROR(readImageSize(path("junk.png")), "not a readable image");
        EXPECT_INPUT_ERROR(readImageSize(path("none.png")), "image file not found");
    }

    void xmlParser()
    {
        const auto root = parseXml("<?xml version='1.0'?><!DOCTYPE a [<!ELEMENT a ANY>]><a k=\"v &amp; w\"><b>x &lt; y &#65;&#x42;</b>"
                                   "<![CDATA[<raw>]]><c/><!-- note --></a>",
                                   "t.xml");
        QCOMPARE(root->name, std::string("a"));
        QCOMPARE(root->attributes[0].second, std::string("v & w"));
        QCOMPARE(root->child("b")->text, std::string("x < y AB"));
        QCOMPARE(root->text, std::string("<raw>"));
        QVERIFY(root->child("c"));
        EXPECT_INPUT_ERROR(parseXml("<a><b></a>", "t.xml"), "does not match");
        EXPECT_INPUT_ERROR(parseXml("<a><b>", "t.xml"), "truncated");
        EXPECT_INPUT_ERROR(parseXml("", "t.xml"), "no root element");
        EXPECT_INPUT_ERROR(parseXml("<a>&bogus;</a>", "t.xml"), "unknown entity");
        EXPECT_INPUT_ERROR(parseXml("<a></a><b></b>", "t.xml"), "more than one root");
        EXPECT_INPUT_ERROR(parseXml("<a>\n\n<b x=1></b></a>", "t.xml"), "line 3");
        std::string deep;
        for (int i = 0; i < 10000; ++i)
            deep += "<a>";
        EXPECT_INPUT_ERROR(parseXml(deep, "deep.xml"), "nested too deeply");
    }

    void vocReads()
    {
        const QString root = dir_.filePath(QStringLiteral("voc"));
        QDir().mkpath(root + QStringLiteral("/Annotations"));
        QDir().mkpath(root + QStringLiteral("/JPEGImages"));
        const std::string r = root.toStdString();
        writeText(r + "/Annotations/0001.xml",
                  vocXml("0001.jpg", 500, 375, vocObject("dog", 10, 20, 110, 220) + vocObject("cat", 5, 5, 50, 60, 1)));
        // No <size>: read from the image header.
        writeText(r + "/Annotations/0002.xml",
                  "<annotation><filename>0002.jpg</filename>" + vocObject("dog", 1, 1, 9, 9) + "</annotation>");
        writeText(r + "/JPEGImages/0002.jpg", fakeJpeg(120, 80));
        const Dataset ds = readVocDataset(r);
        QCOMPARE(ds.images.size(), size_t(2));
        QCOMPARE(ds.categories.size(), size_t(2));
        QCOMPARE(ds.categories[0].name, std::string("cat")); // sorted class names, ids 1..K
        QCOMPARE(ds.images[1].width, 120);
        QCOMPARE(ds.annotations.size(), size_t(3));
        QCOMPARE(ds.annotations[0].w, 100.0);
        QCOMPARE(ds.annotations[0].h, 200.0);
        QVERIFY(ds.annotations[1].difficult);
        QCOMPARE(ds.imageRoot, r + "/JPEGImages");
        QCOMPARE(detectDatasetFormat(r), DatasetFormat::Voc);
        QCOMPARE(readDataset(r).annotations.size(), size_t(3));
        // A fixed class list gives fixed ids; a name outside it is an error.
        VocReadOptions o;
        o.classNames = {"dog", "cat", "bird"};
        QCOMPARE(readVocDataset(r, o).annotations[0].categoryId, int64_t(1));
        o.classNames = {"dog"};
        EXPECT_INPUT_ERROR(readVocDataset(r, o), "class 'cat' is not in the class list");
    }

    void vocBadInput()
    {
        EXPECT_INPUT_ERROR(parseVocXml("<annotation><object>", "x.xml"), "x.xml");
        EXPECT_INPUT_ERROR(parseVocXml("<root/>", "x.xml"), "expected an <annotation> root");
        EXPECT_INPUT_ERROR(parseVocXml("<annotation><object><name>a</name></object></annotation>", "x.xml"), "missing <bndbox>");
        EXPECT_INPUT_ERROR(parseVocXml(vocXml("a.jpg", 10, 10, vocObject("a", 5, 5, 2, 8)), "x.xml"), "negative box size");
        EXPECT_INPUT_ERROR(parseVocXml("<annotation><object><name>a</name><bndbox><xmin>1</xmin><ymin>q</ymin><xmax>3</xmax>"
                                       "<ymax>4</ymax></bndbox></object></annotation>",
                                       "x.xml"),
                           "<ymin> is not a number");
        EXPECT_INPUT_ERROR(parseVocXml("<annotation><object><name>a</name><difficult>2</difficult></object></annotation>", "x.xml"),
                           "difficult");
        const QString empty = dir_.filePath(QStringLiteral("emptyvoc"));
        QDir().mkpath(empty);
        EXPECT_INPUT_ERROR(readVocDataset(empty.toStdString()), "no VOC .xml annotation files");
        // Missing image and no <size>: the error names the image file.
        writeText(empty.toStdString() + "/x.xml", "<annotation><filename>gone.jpg</filename></annotation>");
        EXPECT_INPUT_ERROR(readVocDataset(empty.toStdString()), "gone.jpg");
    }

    void yoloReads()
    {
        const std::string r = path("yolo");
        QDir().mkpath(QString::fromStdString(r + "/images/train"));
        QDir().mkpath(QString::fromStdString(r + "/images/val"));
        QDir().mkpath(QString::fromStdString(r + "/labels/train"));
        QDir().mkpath(QString::fromStdString(r + "/labels/val"));
        writeText(r + "/data.yaml", "path: .\ntrain: images/train\nnames:\n  0: person\n  1: 'traffic light' # quoted\nnc: 2\n");
        writeText(r + "/images/train/a.png", fakePng(200, 100));
        writeText(r + "/images/val/b.png", fakePng(50, 50));
        writeText(r + "/labels/train/a.txt", "0 0.5 0.5 0.2 0.4\n1 0.25 0.75 0.1 0.1\n\n");
        // b has no label file: an image without objects.
        const Dataset ds = readYoloDataset(r);
        QCOMPARE(ds.categories.size(), size_t(2));
        QCOMPARE(ds.categories[1].name, std::string("traffic light"));
        QCOMPARE(ds.images.size(), size_t(2));
        QCOMPARE(ds.images[0].split, std::string("train"));
        QCOMPARE(ds.annotations.size(), size_t(2));
        QCOMPARE(ds.annotations[0].categoryId, int64_t(1));
        QCOMPARE(ds.annotations[0].x, 80.0);
        QCOMPARE(ds.annotations[0].w, 40.0);
        QCOMPARE(ds.annotations[0].h, 40.0);
        QCOMPARE(detectDatasetFormat(r), DatasetFormat::Yolo);
    }

    void yoloNames()
    {
        QCOMPARE(parseDataYamlNames("names: [a, 'b c', \"d\"]\n", "d.yaml"), (std::vector<std::string>{"a", "b c", "d"}));
        QCOMPARE(parseDataYamlNames("nc: 2\nnames:\n- x\n- y\nother: 1\n", "d.yaml"), (std::vector<std::string>{"x", "y"}));
        QCOMPARE(parseDataYamlNames("names: [a,\n  b]\n", "d.yaml"), (std::vector<std::string>{"a", "b"}));
        QCOMPARE(parseYoloClassesTxt("a\n\nb \n"), (std::vector<std::string>{"a", "b"}));
        EXPECT_INPUT_ERROR(parseDataYamlNames("nc: 3\n", "d.yaml"), "no top-level 'names:'");
        EXPECT_INPUT_ERROR(parseDataYamlNames("names:\n  0: a\n  2: b\n", "d.yaml"), "without gaps");
        EXPECT_INPUT_ERROR(parseDataYamlNames("names: {0: a}\n", "d.yaml"), "flow mappings");
    }

    void yoloBadInput()
    {
        EXPECT_INPUT_ERROR(parseYoloLabels("0 0.5 0.5 0.1\n", "l.txt", 2), "line 1: expected 5 values");
        EXPECT_INPUT_ERROR(parseYoloLabels("\n2 0.5 0.5 0.1 0.1\n", "l.txt", 2), "line 2: class 2 is not in 0..1");
        EXPECT_INPUT_ERROR(parseYoloLabels("0 50 50 10 10\n", "l.txt", 2), "normalised");
        EXPECT_INPUT_ERROR(parseYoloLabels("0 0.5 0.5 -0.1 0.1\n", "l.txt", 2), "negative");
        EXPECT_INPUT_ERROR(parseYoloLabels("0 0.5 nan 0.1 0.1\n", "l.txt", 2), "not a number");
        const std::string r = path("yolo_noclasses");
        QDir().mkpath(QString::fromStdString(r + "/images"));
        EXPECT_INPUT_ERROR(readYoloDataset(r), "no classes.txt or data.yaml");
        writeText(r + "/classes.txt", "a\n");
        EXPECT_INPUT_ERROR(readYoloDataset(r), "no images found");
        EXPECT_INPUT_ERROR(readYoloDataset(path("nothing")), "no images/ folder");
    }

    void formatDetection()
    {
        EXPECT_INPUT_ERROR(detectDatasetFormat(path("missing")), "no such file");
        const std::string d = path("plain");
        QDir().mkpath(QString::fromStdString(d));
        EXPECT_INPUT_ERROR(detectDatasetFormat(d), "cannot tell the dataset format");
        EXPECT_INPUT_ERROR(datasetFormatFromString("kitti"), "kitti");
    }
};

QTEST_GUILESS_MAIN(TestDatasets)
#include "test_datasets.moc"
