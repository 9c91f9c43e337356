// Entry points for the libFuzzer builds of the Fuzz* targets (see fuzz/README.md).
// Empty unless compiled with -DFUZZING.
#pragma once
