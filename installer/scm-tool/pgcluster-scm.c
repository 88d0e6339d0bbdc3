/*
 * pgcluster-scm.exe: the one place where PgCluster creates, changes and reads Windows services.
 *
 * sc.exe takes the service's command line as one argument (binPath= "..."), and a command line of
 * quoted arguments needs embedded double quotes, which Windows PowerShell 5.1 does not escape for
 * native programs: sc.exe would receive a cut command line. sc.exe also takes the password on its
 * own command line, where Security event 4688 and Win32_Process show it. This program talks to the
 * service control manager's API instead and takes what it is to set on standard input, so nothing
 * needs quoting and no secret reaches a command line. All judging (is the service as wanted?) is
 * done by the PowerShell module, where it is tested; this program only does and reports.
 *
 *   pgcluster-scm.exe query <name>   the service's configuration
 *   pgcluster-scm.exe set            create the service, or change it, from the request on stdin;
 *                                    then its configuration as for query, read back from the SCM
 *
 * The request: one "key<TAB>value" a line, each key at most once, values as UTF-8 in which any
 * byte may be written %XX (as [Uri]::EscapeDataString writes them):
 *   name         service name (required)
 *   binpath      the command line the service runs (required to create)
 *   display      display name
 *   start        auto | demand | disabled (required to create); auto is never "delayed"
 *   account      the account the service runs as (absent: LocalSystem when created, else kept)
 *   password     its password; absent for LocalSystem, NT AUTHORITY\... and a gMSA (DOMAIN\name$)
 *   description  the description
 * Dependencies are left as they are (none when created).
 *
 * Output: one "key<TAB>value" a line, values as UTF-8 with every byte outside printable ASCII and
 * '%' written %XX:
 *   name, display, binpath, start (boot|system|auto|demand|disabled), delayed (0|1), type (number),
 *   account (as the SCM stores it), accountsid (its SID; empty when it has none to look up),
 *   description, depend (one line each; Wine's QueryServiceConfigW returns none, though its
 *   registry holds them)
 *   error <code> <text>   a Win32 error; the exit code is then 2 (1 for a usage or request error);
 *                         code 1060 is "the service does not exist"
 */
#include <windows.h>
#include <fcntl.h>
#include <io.h>
#include <ctype.h>
#include <sddl.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#define MAX_REQUEST (256 * 1024)

/* UTF-8 with every byte outside printable ASCII, and '%' itself, written as %XX: the output is
 * ASCII, so no console code page or PowerShell decoding can change it ([Uri]::UnescapeDataString
 * reads it back). */
static void put_utf8(const wchar_t *s) {
    int n = WideCharToMultiByte(CP_UTF8, 0, s, -1, NULL, 0, NULL, NULL);
    if (n <= 1) return;
    unsigned char *buf = malloc((size_t)n);
    if (!buf) return;
    WideCharToMultiByte(CP_UTF8, 0, s, -1, (char *)buf, n, NULL, NULL);
    for (int i = 0; i < n - 1; i++) {
        if (buf[i] < 0x20 || buf[i] > 0x7e || buf[i] == '%') printf("%%%02X", buf[i]);
        else putchar(buf[i]);
    }
    free(buf);
}

/* Undoes %XX in place (the request is written the same way, so it is ASCII on any console). */
static int percent_decode(char *s) {
    char *out = s;
    for (; *s; s++) {
        if (*s != '%') {
            *out++ = *s;
            continue;
        }
        int hi = s[1], lo = hi ? s[2] : 0;
        if (!isxdigit(hi) || !isxdigit(lo)) return 0;
        int byte = (isdigit(hi) ? hi - '0' : tolower(hi) - 'a' + 10) << 4 | (isdigit(lo) ? lo - '0' : tolower(lo) - 'a' + 10);
        if (byte == 0) return 0;
        *out++ = (char)byte;
        s += 2;
    }
    *out = 0;
    return 1;
}

static void put_field(const char *key, const wchar_t *value) {
    fputs(key, stdout);
    putchar('\t');
    if (value) put_utf8(value);
    putchar('\n');
}

static int fail(DWORD code, const wchar_t *what) {
    wchar_t *msg = NULL;
    FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                   NULL, code, 0, (wchar_t *)&msg, 0, NULL);
    if (msg) { /* one line: FormatMessage ends with CR LF */
        for (wchar_t *p = msg; *p; p++)
            if (*p == L'\r' || *p == L'\n' || *p == L'\t') *p = L' ';
    }
    printf("error\t%lu\t", (unsigned long)code);
    put_utf8(what);
    put_utf8(L": ");
    put_utf8(msg ? msg : L"unknown error");
    putchar('\n');
    if (msg) LocalFree(msg);
    return 2;
}

static int bad_request(const char *text) {
    printf("error\t0\t%s\n", text);
    return 1;
}

/* The SID of the account the SCM stores; LocalSystem is the SCM's own name, not an account name. */
static void put_account_sid(const wchar_t *account) {
    fputs("accountsid\t", stdout);
    if (!account || !account[0] || _wcsicmp(account, L"LocalSystem") == 0) {
        fputs("S-1-5-18\n", stdout);
        return;
    }
    BYTE sid[SECURITY_MAX_SID_SIZE];
    wchar_t domain[256];
    DWORD sn = sizeof sid, dn = 256;
    SID_NAME_USE use;
    const wchar_t *name = account;
    /* ".\user" is the local machine's user: the lookup wants the name alone. */
    if (name[0] == L'.' && name[1] == L'\\') name += 2;
    wchar_t *text = NULL;
    if (LookupAccountNameW(NULL, name, sid, &sn, domain, &dn, &use) && ConvertSidToStringSidW(sid, &text)) {
        put_utf8(text);
        LocalFree(text);
    }
    putchar('\n');
}

static const wchar_t *start_name(DWORD start) {
    switch (start) {
    case SERVICE_BOOT_START: return L"boot";
    case SERVICE_SYSTEM_START: return L"system";
    case SERVICE_AUTO_START: return L"auto";
    case SERVICE_DEMAND_START: return L"demand";
    case SERVICE_DISABLED: return L"disabled";
    default: return L"unknown";
    }
}

static int print_config(SC_HANDLE svc, const wchar_t *name) {
    DWORD need = 0;
    QueryServiceConfigW(svc, NULL, 0, &need);
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER) return fail(GetLastError(), name);
    QUERY_SERVICE_CONFIGW *c = malloc(need);
    if (!c || !QueryServiceConfigW(svc, c, need, &need)) return fail(GetLastError(), name);
    put_field("name", name);
    put_field("display", c->lpDisplayName);
    put_field("binpath", c->lpBinaryPathName);
    put_field("start", start_name(c->dwStartType));
    printf("type\t%lu\n", (unsigned long)c->dwServiceType);
    put_field("account", c->lpServiceStartName);
    put_account_sid(c->lpServiceStartName);
    /* A double-NUL-terminated list; group names start with SC_GROUP_IDENTIFIER ('+'). */
    for (const wchar_t *d = c->lpDependencies; d && *d; d += wcslen(d) + 1) put_field("depend", d);
    free(c);

    SERVICE_DELAYED_AUTO_START_INFO delayed = {0};
    if (QueryServiceConfig2W(svc, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, (BYTE *)&delayed, sizeof delayed, &need))
        printf("delayed\t%d\n", delayed.fDelayedAutostart ? 1 : 0);
    need = 0;
    QueryServiceConfig2W(svc, SERVICE_CONFIG_DESCRIPTION, NULL, 0, &need);
    if (need > 0) {
        SERVICE_DESCRIPTIONW *desc = malloc(need);
        if (desc && QueryServiceConfig2W(svc, SERVICE_CONFIG_DESCRIPTION, (BYTE *)desc, need, &need))
            put_field("description", desc->lpDescription ? desc->lpDescription : L"");
        free(desc);
    }
    return 0;
}

static int query(const wchar_t *name) {
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (!scm) return fail(GetLastError(), L"the service control manager");
    SC_HANDLE svc = OpenServiceW(scm, name, SERVICE_QUERY_CONFIG);
    if (!svc) {
        DWORD err = GetLastError();
        CloseServiceHandle(scm);
        return fail(err, name);
    }
    int rc = print_config(svc, name);
    CloseServiceHandle(svc);
    CloseServiceHandle(scm);
    return rc;
}

struct request {
    wchar_t *name, *binpath, *display, *start, *account, *password, *description;
};

static wchar_t *widen(const char *s) {
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
    if (n <= 0) return NULL;
    wchar_t *w = malloc((size_t)n * sizeof *w);
    if (w) MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
    return w;
}

/* Reads the request; returns NULL when it is well formed, else what is wrong with it. */
static const char *read_request(struct request *r) {
    static char buf[MAX_REQUEST + 1];
    size_t len = fread(buf, 1, MAX_REQUEST + 1, stdin);
    if (len > MAX_REQUEST) return "the request is larger than 256 KiB";
    buf[len] = 0;
    if (strlen(buf) != len) return "the request holds a NUL byte";
    char *line = buf;
    if ((unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB && (unsigned char)line[2] == 0xBF)
        line += 3; /* a UTF-8 byte order mark, as .NET may write one */
    while (*line) {
        char *end = strchr(line, '\n');
        if (end) *end = 0;
        size_t n = strlen(line);
        if (n > 0 && line[n - 1] == '\r') line[n - 1] = 0;
        if (*line) {
            char *tab = strchr(line, '\t');
            if (!tab) return "a request line has no TAB between key and value";
            *tab = 0;
            if (!percent_decode(tab + 1)) return "a request value has a % not followed by two hex digits, or %00";
            wchar_t *value = widen(tab + 1);
            if (!value) return "a request value is not UTF-8";
            wchar_t **slot = NULL;
            if (strcmp(line, "name") == 0) slot = &r->name;
            else if (strcmp(line, "binpath") == 0) slot = &r->binpath;
            else if (strcmp(line, "display") == 0) slot = &r->display;
            else if (strcmp(line, "start") == 0) slot = &r->start;
            else if (strcmp(line, "account") == 0) slot = &r->account;
            else if (strcmp(line, "password") == 0) slot = &r->password;
            else if (strcmp(line, "description") == 0) slot = &r->description;
            else return "a request line has an unknown key";
            if (*slot) return "a request key is given twice";
            *slot = value;
        }
        if (!end) break;
        line = end + 1;
    }
    if (!r->name || !r->name[0]) return "the request names no service (name)";
    return NULL;
}

static int set(void) {
    struct request r = {0};
    _setmode(_fileno(stdin), _O_BINARY); /* text mode would stop at a Ctrl-Z byte */
    const char *wrong = read_request(&r);
    if (wrong) return bad_request(wrong);
    DWORD start = SERVICE_NO_CHANGE;
    if (r.start) {
        if (wcscmp(r.start, L"auto") == 0) start = SERVICE_AUTO_START;
        else if (wcscmp(r.start, L"demand") == 0) start = SERVICE_DEMAND_START;
        else if (wcscmp(r.start, L"disabled") == 0) start = SERVICE_DISABLED;
        else return bad_request("start must be auto, demand or disabled");
    }

    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE);
    if (!scm) return fail(GetLastError(), L"the service control manager");
    DWORD access = SERVICE_QUERY_CONFIG | SERVICE_CHANGE_CONFIG;
    SC_HANDLE svc = OpenServiceW(scm, r.name, access);
    int created = 0;
    if (!svc && GetLastError() == ERROR_SERVICE_DOES_NOT_EXIST) {
        if (!r.binpath || start == SERVICE_NO_CHANGE) {
            CloseServiceHandle(scm);
            return bad_request("a new service needs binpath and start");
        }
        svc = CreateServiceW(scm, r.name, r.display ? r.display : r.name, access | DELETE, SERVICE_WIN32_OWN_PROCESS,
                             start, SERVICE_ERROR_NORMAL, r.binpath, NULL, NULL, NULL, r.account, r.password);
        created = svc != NULL;
    } else if (svc) {
        if (!ChangeServiceConfigW(svc, SERVICE_NO_CHANGE, start, SERVICE_NO_CHANGE, r.binpath, NULL, NULL, NULL,
                                  r.account, r.password, r.display)) {
            DWORD err = GetLastError();
            CloseServiceHandle(svc);
            svc = NULL;
            SetLastError(err);
        }
    }
    if (r.password) SecureZeroMemory(r.password, wcslen(r.password) * sizeof(wchar_t));
    if (!svc) {
        DWORD err = GetLastError();
        CloseServiceHandle(scm);
        return fail(err, r.name);
    }
    DWORD err = 0;
    if (r.description) {
        SERVICE_DESCRIPTIONW desc = {r.description};
        if (!ChangeServiceConfig2W(svc, SERVICE_CONFIG_DESCRIPTION, &desc)) err = GetLastError();
    }
    if (!err && start == SERVICE_AUTO_START) {
        /* "auto" means at boot, not after the other automatic services: clear a delayed start.
         * Wine has no such setting (ERROR_INVALID_LEVEL). */
        SERVICE_DELAYED_AUTO_START_INFO delayed = {FALSE};
        if (!ChangeServiceConfig2W(svc, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &delayed) &&
            GetLastError() != ERROR_INVALID_LEVEL)
            err = GetLastError();
    }
    if (err) {
        /* A service this run created is not left half set up. */
        if (created) DeleteService(svc);
        CloseServiceHandle(svc);
        CloseServiceHandle(scm);
        return fail(err, r.name);
    }
    int rc = print_config(svc, r.name);
    CloseServiceHandle(svc);
    CloseServiceHandle(scm);
    return rc;
}

static int usage(void) {
    fputs("usage: pgcluster-scm.exe query <name> | set   (the request on stdin)\n", stderr);
    return 1;
}

int wmain(int argc, wchar_t **argv) {
    if (argc == 3 && wcscmp(argv[1], L"query") == 0) return query(argv[2]);
    if (argc == 2 && wcscmp(argv[1], L"set") == 0) return set();
    return usage();
}
