// SwiftPM links an executable with `main` renamed to `<module>_main`, so libFuzzer's own `main`
// is never used. Under -DFUZZING the Swift targets define no main; these do, and hand control
// to libFuzzer, which calls the target's `LLVMFuzzerTestOneInput` (defined in Swift).
#include "FuzzShim.h"
#ifdef FUZZING
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int FuzzYAML_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }
int FuzzExpr_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }
int FuzzEval_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }
int FuzzCheck_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }
#endif
