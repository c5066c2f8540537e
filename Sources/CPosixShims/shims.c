#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/mman.h>
#include "CPosixShims.h"

int mkt_rename_exchange(const char *from, const char *to) {
    return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE);
}

int mkt_try_lock_exclusive(int fd) {
    return flock(fd, LOCK_EX | LOCK_NB);
}

void mkt_advise_huge_pages(void *address, unsigned long bytes) {
    const uintptr_t huge = 2u << 20;
    uintptr_t start = ((uintptr_t)address + huge - 1) & ~(huge - 1);
    uintptr_t end = ((uintptr_t)address + bytes) & ~(huge - 1);
    if (end > start) madvise((void *)start, end - start, MADV_HUGEPAGE);
}

int mkt_format_fixed6(double value, char *buffer, int size) {
    return snprintf(buffer, (size_t)size, "%.6f", value);
}
