#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include "CPosixShims.h"

int mkt_rename_exchange(const char *from, const char *to) {
    return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE);
}

int mkt_lock_exclusive(int fd) {
    return flock(fd, LOCK_EX);
}
