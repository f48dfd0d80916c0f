// SPDX-License-Identifier: GPL-3.0-or-later
// simulate-detections: a noisy-oracle detector that writes a COCO results file from the
// ground truth (for demos and for exercising the evaluation without a trained model).
#include "command.h"

#include "data/coco_json.h"
#include "data/dataset_io.h"
#include "data/simulated_detections.h"

#include <iostream>

namespace anchorscope::cli {

Command simulateDetectionsCommand()
{
    Command c;
    c.name = "simulate-detections";
    c.summary = "Write a COCO results file of a simulated detector (ground truth with noise, misses,\n"
                "duplicates, class confusions and false positives).";
    c.options = {
        {"gt", "ANN", "ground truth (COCO JSON, VOC or YOLO)", true, ""},
        {"out", "RESULTS", "COCO results file to write", true, ""},
        {"seed", "S", "random seed", false, "0"},
        {"recall", "R", "chance that an object is detected", false, "0.85"},
        {"box-noise", "F", "corner jitter relative to the object size", false, "0.08"},
        {"false-positives", "N", "mean background detections per image", false, "1.5"},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        const Dataset gt = readDataset(a.get("gt"));
        SimulatedDetectorOptions o;
        o.seed = uint64_t(a.getInt("seed"));
        o.recall = a.getDouble("recall");
        o.boxNoise = a.getDouble("box-noise");
        o.falsePositives = a.getDouble("false-positives");
        const auto dets = simulateDetections(gt, o);
        writeCocoResults(dets, a.get("out"));
        if (ctx.json)
            printJson({{"out", a.get("out")}, {"detections", dets.size()}, {"images", gt.images.size()}});
        else
            std::cout << "wrote " << dets.size() << " detections for " << gt.images.size() << " images to " << a.get("out")
                      << "\n";
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
