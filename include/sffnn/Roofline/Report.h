//===- Report.h - roofline predictions as a table, JSON, SVG ----*- C++ -*-===//
//
// The writers of sffnn-roofline. Speedups are against dense on the same
// layer; network speedups are ratios of summed times; with efficiencies
// the table and JSON add expected times and speedups (Predict.h).
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_ROOFLINE_REPORT_H
#define SFFNN_ROOFLINE_REPORT_H

#include "sffnn/Roofline/Predict.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace sffnn::roofline {

/// A table per network, for people.
void printTable(llvm::raw_ostream &os, const NetworkPrediction &network,
                const MachineModel &machine, const Efficiencies &efficiencies);

/// One JSON object per network (docs/Roofline.md lists the fields).
llvm::json::Object toJSON(const NetworkPrediction &network,
                          const MachineModel &machine,
                          const Efficiencies &efficiencies);

/// The roofline chart: one roof per memory level and a point per layer and
/// format (log-log, intensity against FLOP/s), coloured by format.
void drawRoofline(llvm::raw_ostream &os, const MachineModel &machine,
                  llvm::ArrayRef<LayerPrediction> layers);

} // namespace sffnn::roofline

#endif // SFFNN_ROOFLINE_REPORT_H
