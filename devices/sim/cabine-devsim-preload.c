/* cabine-devsim-preload.c: LD_PRELOAD companion of libumockdev-preload for cabine-devsim
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libumockdev-preload 0.17 (src/libumockdev-preload.c: the open()/open64()/__open_2()/
 * __open64_2() wrappers and ioctl_emulate_open()) registers every open() of a /dev/ path in a
 * fixed table of 50 fds (FD_MAP_MAX) together with a socket connected to the testbed's ioctl
 * server, even when that open() FAILED: the entry has fd -1 and is never released, since
 * nobody closes fd -1. A program that tries to open 50 absent device nodes over its lifetime
 * (ALSA looks for /dev/snd/controlC0..31 and /dev/aloadC0..31 each time a capture is opened on
 * a machine without a sound card) then aborts with "fd_map_add(): overflow".
 *
 * This library goes BEFORE libumockdev-preload.so.0 in LD_PRELOAD: it forwards each of those
 * open calls to the next definition (umockdev's), and when the call failed it calls the next
 * close() with -1, which is how umockdev's close() wrapper finds and frees the entry (and its
 * socket) registered for fd -1; errno is kept as the failed open() set it. Successful opens and
 * every other call are untouched. Without umockdev next in line, close(-1) only fails with EBADF.
 */
#define G_LOG_DOMAIN "cabine-devsim"
#define _GNU_SOURCE  /* RTLD_NEXT, O_TMPFILE */
/* open() and open64() are both defined here: no redirection of one to the other */
#undef _FILE_OFFSET_BITS

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

/* Exported wrappers: declared here, the preload has no header. */
int open (const char *path, int flags, ...);
int open64 (const char *path, int flags, ...);
int __open_2 (const char *path, int flags);
int __open64_2 (const char *path, int flags);

typedef int (*OpenFunc) (const char *path, int flags, ...);
typedef int (*Open2Func) (const char *path, int flags);
typedef int (*CloseFunc) (int fd);

/* Releases what the next preload registered for the failed open; keeps errno. */
static int
after_open (int ret)
{
  int saved = errno;
  CloseFunc next_close;

  if (ret >= 0)
    return ret;
  next_close = (CloseFunc) dlsym (RTLD_NEXT, "close");
  if (next_close != NULL)
    next_close (-1);
  errno = saved;
  return ret;
}

static int
forward_open (const char *name, const char *path, int flags, mode_t mode)
{
  OpenFunc next = (OpenFunc) dlsym (RTLD_NEXT, name);

  if (next == NULL)
    {
      errno = ENOSYS;
      return -1;
    }
  if (flags & (O_CREAT | O_TMPFILE))
    return after_open (next (path, flags, mode));
  return after_open (next (path, flags));
}

static mode_t
mode_arg (int flags, va_list ap)
{
  return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t) va_arg (ap, int) : 0;
}

int
open (const char *path, int flags, ...)
{
  va_list ap;
  mode_t mode;

  va_start (ap, flags);
  mode = mode_arg (flags, ap);
  va_end (ap);
  return forward_open ("open", path, flags, mode);
}

int
open64 (const char *path, int flags, ...)
{
  va_list ap;
  mode_t mode;

  va_start (ap, flags);
  mode = mode_arg (flags, ap);
  va_end (ap);
  return forward_open ("open64", path, flags, mode);
}

static int
forward_open2 (const char *name, const char *path, int flags)
{
  Open2Func next = (Open2Func) dlsym (RTLD_NEXT, name);

  if (next == NULL)
    {
      errno = ENOSYS;
      return -1;
    }
  return after_open (next (path, flags));
}

int
__open_2 (const char *path, int flags)
{
  return forward_open2 ("__open_2", path, flags);
}

int
__open64_2 (const char *path, int flags)
{
  return forward_open2 ("__open64_2", path, flags);
}
