#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer's loop (LLVMFuzzerRunDriver, linked in by `-sanitize=fuzzer`) with the command
/// line `argc`/`argv`, calling `callback` for every input. Each target's `<Module>_main` calls it.
int cadence_fuzz_main(int argc, char **argv, int (*callback)(const uint8_t *data, size_t size));

#endif
