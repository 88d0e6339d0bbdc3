/*
 * pgcluster-service.exe: runs the Mirroring Controller (a Node program) as a Windows service.
 *
 * Node never calls StartServiceCtrlDispatcher, so the service control manager would kill it as a
 * service that did not start. This host is the service program instead: it answers the SCM, starts
 * the controller as a child process, and on STOP or SHUTDOWN runs the controller's own stop command
 * (so the controller can shut its database down cleanly) before waiting for the child to go.
 *
 *   pgcluster-service.exe --stop-command <command line> [--stop-timeout <seconds>] [--log <file>]
 *                         -- <program> [arguments...]
 *
 * Run from a prompt (no SCM to connect to) it runs the child in the foreground and exits with the
 * child's exit code; Ctrl+C runs the stop command. That is meant for diagnosing a service.
 *
 * Build: scripts/build-windows-helpers (mingw-w64, -municode).
 */
#include <windows.h>
#include <shellapi.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#define USAGE_EXIT 2
#define DEFAULT_STOP_TIMEOUT_S 600 /* the controller may wait for a clean database shutdown */
#define MAX_STOP_TIMEOUT_S 86400
#define CHILD_EXIT_WAIT_MS 30000   /* after the stop command: then TerminateProcess */
#define PENDING_WAIT_HINT_MS 5000  /* the SCM sees a new checkpoint every second, well within it */
#define CMDLINE_MAX 32767          /* CreateProcessW's limit, terminator included */

static struct {
    const wchar_t *stop_command;
    DWORD stop_timeout_ms;
    wchar_t *log_path;      /* full path: a service's working directory is System32 */
    wchar_t *child_command; /* rebuilt from the arguments after "--" */
} opt;

static BOOL console_mode;
static HANDLE stop_event;        /* set by the SCM's control handler or by Ctrl+C */
static volatile LONG stop_reason; /* SERVICE_CONTROL_STOP / _SHUTDOWN, or CTRL_C_EVENT + 100 */
static SERVICE_STATUS_HANDLE status_handle;
static SERVICE_STATUS status;
static DWORD process_exit_code;

static void usage(const wchar_t *problem, const wchar_t *detail)
{
    fwprintf(stderr, L"pgcluster-service: %ls%ls\n", problem, detail);
    fputws(L"usage: pgcluster-service.exe --stop-command <command line> [--stop-timeout <seconds>]"
           L" [--log <file>] -- <program> [arguments...]\n", stderr);
}

/*
 * One line per event. The file is opened and closed each time so that it can be read, moved or
 * deleted while the service runs. Only one thread logs at a time (the service worker, or the
 * console main thread), so no lock is needed.
 */
static void log_event(const wchar_t *format, ...)
{
    wchar_t line[2048];
    char utf8[3 * 2048];
    SYSTEMTIME t;
    va_list ap;
    HANDLE f;
    int n, len;

    GetLocalTime(&t);
    n = _snwprintf(line, 64, L"%04u-%02u-%02u %02u:%02u:%02u.%03u [host %lu] ", t.wYear, t.wMonth,
                   t.wDay, t.wHour, t.wMinute, t.wSecond, t.wMilliseconds, GetCurrentProcessId());
    if (n < 0)
        n = 0;
    va_start(ap, format);
    /* msvcrt's _vsnwprintf neither terminates nor reports a length on truncation. */
    len = _vsnwprintf(line + n, 2048 - n - 3, format, ap);
    va_end(ap);
    line[2048 - 3] = L'\0';
    len = len < 0 ? (int)wcslen(line) : n + len;
    line[len++] = L'\r';
    line[len++] = L'\n';
    line[len] = L'\0';

    if (console_mode)
        fputws(line + n, stderr);
    if (!opt.log_path)
        return;
    len = WideCharToMultiByte(CP_UTF8, 0, line, len, utf8, sizeof utf8, NULL, NULL);
    f = CreateFileW(opt.log_path, FILE_APPEND_DATA,
                    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_ALWAYS,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    if (f != INVALID_HANDLE_VALUE) {
        DWORD written;
        WriteFile(f, utf8, (DWORD)len, &written, NULL);
        CloseHandle(f);
    }
}

/*
 * Appends one argument so that CommandLineToArgvW (and the C runtime) read it back unchanged:
 * backslashes are literal except before a quote, so only those runs are doubled. Quoting only
 * when needed keeps the logged command lines readable. The program name (argv[0]) is parsed
 * without escapes, but a Windows path holds no quote, so the same rule is safe for it.
 */
static BOOL append_arg(wchar_t *buf, size_t *len, const wchar_t *arg)
{
    size_t n = *len;
#define PUT(c) do { if (n + 2 >= CMDLINE_MAX) return FALSE; buf[n++] = (c); } while (0)
    if (n > 0)
        PUT(L' ');
    if (*arg && !wcspbrk(arg, L" \t\n\v\"")) {
        for (; *arg; arg++)
            PUT(*arg);
    } else {
        PUT(L'"');
        for (;;) {
            size_t slashes = 0;
            while (*arg == L'\\') {
                arg++;
                slashes++;
            }
            if (*arg == L'\0') {
                /* Doubled, or they would escape the closing quote. */
                for (slashes *= 2; slashes > 0; slashes--)
                    PUT(L'\\');
                break;
            }
            if (*arg == L'"')
                slashes = slashes * 2 + 1;
            for (; slashes > 0; slashes--)
                PUT(L'\\');
            PUT(*arg++);
        }
        PUT(L'"');
    }
#undef PUT
    buf[n] = L'\0';
    *len = n;
    return TRUE;
}

static BOOL parse_args(void)
{
    int argc, i;
    wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    size_t len = 0;

    if (!argv) {
        usage(L"cannot read the command line", L"");
        return FALSE;
    }
    opt.stop_timeout_ms = DEFAULT_STOP_TIMEOUT_S * 1000;
    for (i = 1; i < argc && wcscmp(argv[i], L"--") != 0; i += 2) {
        const wchar_t *name = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!value || wcscmp(value, L"--") == 0) {
            usage(L"no value for ", name);
            return FALSE;
        }
        if (wcscmp(name, L"--stop-command") == 0 && *value) {
            opt.stop_command = value;
        } else if (wcscmp(name, L"--stop-timeout") == 0) {
            wchar_t *end;
            unsigned long s = wcstoul(value, &end, 10);
            if (*end || end == value || s < 1 || s > MAX_STOP_TIMEOUT_S) {
                usage(L"--stop-timeout takes whole seconds, 1 to 86400", L"");
                return FALSE;
            }
            opt.stop_timeout_ms = (DWORD)s * 1000;
        } else if (wcscmp(name, L"--log") == 0 && *value) {
            DWORD n = GetFullPathNameW(value, 0, NULL, NULL);
            opt.log_path = n ? malloc(n * sizeof(wchar_t)) : NULL;
            if (!opt.log_path || !GetFullPathNameW(value, n, opt.log_path, NULL)) {
                usage(L"bad --log path", L"");
                return FALSE;
            }
        } else {
            usage(L"unknown option or empty value: ", name);
            return FALSE;
        }
    }
    if (!opt.stop_command) {
        usage(L"--stop-command is required", L"");
        return FALSE;
    }
    if (i + 1 >= argc) {
        usage(L"no command after --", L"");
        return FALSE;
    }
    /* Rebuilt rather than cut from GetCommandLineW: the raw tail's quoting depends on how the
       caller quoted the options before it, and the first token must stand alone. */
    opt.child_command = malloc(CMDLINE_MAX * sizeof(wchar_t));
    if (!opt.child_command)
        return FALSE;
    opt.child_command[0] = L'\0';
    for (i++; i < argc; i++) {
        if (!append_arg(opt.child_command, &len, argv[i])) {
            usage(L"the command after -- is too long", L"");
            return FALSE;
        }
    }
    /* argv is kept: stop_command points into it. */
    return TRUE;
}

static void report(DWORD state, DWORD win32_exit, DWORD specific_exit)
{
    if (!status_handle)
        return;
    status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = state;
    /* No controls while starting or stopping: a second STOP has nothing left to do. */
    status.dwControlsAccepted =
        state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
    status.dwWin32ExitCode = win32_exit;
    status.dwServiceSpecificExitCode = specific_exit;
    if (state == SERVICE_START_PENDING || state == SERVICE_STOP_PENDING) {
        status.dwCheckPoint++;
        status.dwWaitHint = PENDING_WAIT_HINT_MS;
    } else {
        status.dwCheckPoint = 0;
        status.dwWaitHint = 0;
    }
    SetServiceStatus(status_handle, &status);
}

/*
 * Starts a command line without a window. A service has no standard handles, so its children get
 * NUL (Node would otherwise trip over invalid ones); from a prompt they share the host's, so the
 * output shows. The children get no console of ours either: Ctrl+C reaches only the host, which
 * answers it with the stop command.
 */
static BOOL spawn(const wchar_t *command, PROCESS_INFORMATION *pi)
{
    static HANDLE nul = INVALID_HANDLE_VALUE;
    STARTUPINFOW si = { .cb = sizeof si, .dwFlags = STARTF_USESTDHANDLES };
    HANDLE *slots[3] = { &si.hStdInput, &si.hStdOutput, &si.hStdError };
    DWORD ids[3] = { STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE };
    wchar_t *mutable_command = _wcsdup(command); /* CreateProcessW may write to it */
    BOOL ok;
    int i;

    if (!mutable_command)
        return FALSE;
    if (nul == INVALID_HANDLE_VALUE) {
        SECURITY_ATTRIBUTES sa = { .nLength = sizeof sa, .bInheritHandle = TRUE };
        nul = CreateFileW(L"NUL", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                          &sa, OPEN_EXISTING, 0, NULL);
    }
    for (i = 0; i < 3; i++) {
        HANDLE h = console_mode ? GetStdHandle(ids[i]) : NULL;
        if (h && h != INVALID_HANDLE_VALUE &&
            SetHandleInformation(h, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT))
            *slots[i] = h;
        else
            *slots[i] = nul;
    }
    ok = CreateProcessW(NULL, mutable_command, NULL, NULL, TRUE, CREATE_NO_WINDOW, NULL, NULL, &si,
                        pi);
    free(mutable_command);
    if (ok)
        CloseHandle(pi->hThread);
    return ok;
}

/* Waits in one-second slices so that the SCM sees progress while the controller shuts down. */
static BOOL wait_pending(HANDLE h, DWORD ms)
{
    for (;;) {
        DWORD slice = ms < 1000 ? ms : 1000;
        if (WaitForSingleObject(h, slice) == WAIT_OBJECT_0)
            return TRUE;
        ms -= slice;
        if (ms == 0)
            return FALSE;
        report(SERVICE_STOP_PENDING, NO_ERROR, 0);
    }
}

static void stop_child(const PROCESS_INFORMATION *child)
{
    PROCESS_INFORMATION sp;
    LONG reason = stop_reason;

    log_event(L"stop requested (%ls)", reason == SERVICE_CONTROL_SHUTDOWN ? L"system shutdown"
                                       : reason == SERVICE_CONTROL_STOP   ? L"service stop"
                                                                          : L"Ctrl+C");
    report(SERVICE_STOP_PENDING, NO_ERROR, 0);
    if (spawn(opt.stop_command, &sp)) {
        log_event(L"running stop command (pid %lu): %ls", sp.dwProcessId, opt.stop_command);
        if (wait_pending(sp.hProcess, opt.stop_timeout_ms)) {
            DWORD code = 0;
            GetExitCodeProcess(sp.hProcess, &code);
            log_event(L"stop command exit code %lu", code);
        } else {
            log_event(L"stop command still running after %lu s: terminating it",
                      opt.stop_timeout_ms / 1000);
            TerminateProcess(sp.hProcess, ERROR_TIMEOUT);
        }
        CloseHandle(sp.hProcess);
    } else {
        log_event(L"cannot start the stop command (error %lu): %ls", GetLastError(),
                  opt.stop_command);
    }
    if (!wait_pending(child->hProcess, CHILD_EXIT_WAIT_MS)) {
        /* Last resort: the controller gets no chance to clean up. */
        log_event(L"child pid %lu still running %lu s after the stop command: terminating it",
                  child->dwProcessId, CHILD_EXIT_WAIT_MS / 1000);
        TerminateProcess(child->hProcess, 1);
        WaitForSingleObject(child->hProcess, 10000);
    }
}

/* Runs the child to its end; returns its exit code and reports the final service status. */
static DWORD run(void)
{
    PROCESS_INFORMATION child;
    HANDLE waits[2];
    DWORD code = 1, which;

    report(SERVICE_START_PENDING, NO_ERROR, 0);
    if (!spawn(opt.child_command, &child)) {
        DWORD err = GetLastError();
        log_event(L"cannot start the child (error %lu): %ls", err, opt.child_command);
        report(SERVICE_STOPPED, err, 0);
        return 1;
    }
    log_event(L"started child pid %lu: %ls", child.dwProcessId, opt.child_command);
    report(SERVICE_RUNNING, NO_ERROR, 0);

    waits[0] = child.hProcess;
    waits[1] = stop_event;
    which = WaitForMultipleObjects(2, waits, FALSE, INFINITE);
    if (which == WAIT_OBJECT_0 + 1)
        stop_child(&child);
    GetExitCodeProcess(child.hProcess, &code);
    CloseHandle(child.hProcess);

    if (which == WAIT_OBJECT_0 + 1) {
        /* A requested stop ends without an error whatever the child's code: with failure actions
           on non-crash failures, an error here would make the SCM restart what was just stopped. */
        log_event(L"child exit code %lu (after the stop request)", code);
        report(SERVICE_STOPPED, NO_ERROR, 0);
    } else {
        /* The SCM can only show the child's code as a service-specific error. */
        log_event(L"child exit code %lu (it exited on its own)", code);
        report(SERVICE_STOPPED, code ? ERROR_SERVICE_SPECIFIC_ERROR : NO_ERROR, code);
    }
    return code;
}

static DWORD WINAPI on_control(DWORD control, DWORD type, void *data, void *context)
{
    (void)type, (void)data, (void)context;
    switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
        /* The work happens on the ServiceMain thread: the dispatcher thread must return quickly. */
        InterlockedExchange(&stop_reason, (LONG)control);
        SetEvent(stop_event);
        return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE:
        return NO_ERROR;
    default:
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

static BOOL args_ok;

static void WINAPI service_main(DWORD argc, wchar_t **argv)
{
    /* Own process: the name comes from the SCM (argv[0]), so the binPath need not repeat it. */
    status_handle = RegisterServiceCtrlHandlerExW(argc > 0 ? argv[0] : L"", on_control, NULL);
    if (!status_handle)
        return;
    if (!args_ok) {
        report(SERVICE_STOPPED, ERROR_INVALID_PARAMETER, 0);
        return;
    }
    process_exit_code = run();
}

static BOOL WINAPI on_console_ctrl(DWORD type)
{
    if (type != CTRL_C_EVENT && type != CTRL_BREAK_EVENT)
        return FALSE;
    InterlockedExchange(&stop_reason, (LONG)type + 100);
    SetEvent(stop_event);
    return TRUE;
}

int wmain(int argc, wchar_t **argv)
{
    SERVICE_TABLE_ENTRYW table[] = { { L"", service_main }, { NULL, NULL } };

    /* The C runtime's argv follows slightly different rules: the command line is read with
       CommandLineToArgvW instead, the rules the PowerShell module quotes for. */
    (void)argc, (void)argv;

    args_ok = parse_args();
    stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!stop_event)
        return 1;
    /* Bad arguments still go through the dispatcher, so that the SCM gets a proper
       SERVICE_STOPPED with ERROR_INVALID_PARAMETER instead of a process that vanished. */
    if (StartServiceCtrlDispatcherW(table))
        return args_ok ? (int)process_exit_code : USAGE_EXIT;
    if (GetLastError() != ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
        fwprintf(stderr, L"pgcluster-service: StartServiceCtrlDispatcher failed (error %lu)\n",
                 GetLastError());
        return 1;
    }
    if (!args_ok)
        return USAGE_EXIT;
    console_mode = TRUE;
    SetConsoleCtrlHandler(on_console_ctrl, TRUE);
    return (int)run();
}
