/*
 * pgcluster-acl.exe: the one place where PgCluster reads and sets Windows file security.
 *
 * Node has no API for access control lists, and starting PowerShell for each configuration file
 * would cost a second per file, so the TypeScript side (src/platform/windows/aclTool.ts) runs this
 * small program instead. It prints what it finds as SDDL with every account as a full SID (never
 * an alias such as LA, which depends on the machine), and the name of each account, so that all
 * judging happens in TypeScript, where it is unit-tested.
 *
 *   pgcluster-acl.exe get <path>                  the security of <path>
 *   pgcluster-acl.exe protect <path> [--directory] an owner-only DACL, then the security as for get
 *   pgcluster-acl.exe sid <account>               the SID of DOMAIN\name
 *
 * Output, UTF-8, one record a line, fields separated by a tab:
 *   user  <sid> <name>     the account this process runs as (the instance administrator)
 *   sddl  <sddl>           owner, group and DACL of <path>
 *   name  <sid> <name>     the account name of a SID in that descriptor (empty if unknown)
 *   error <code> <text>    a Win32 error; the exit code is then 2 (1 for a usage error)
 *
 * "protect" grants full control to the user, SYSTEM and Administrators only and turns inheritance
 * off (as icacls /inheritance:r /grant:r would). It uses SetFileSecurityW, which stores exactly
 * the descriptor it is given: SetNamedSecurityInfoW would do the same on Windows, but Wine's
 * version merges the parent folder's inheritable entries into it even when told not to.
 */
#include <windows.h>
#include <sddl.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#define MAX_NAME 512

static void put_utf8(const wchar_t *s) {
    char buf[4096];
    int n = WideCharToMultiByte(CP_UTF8, 0, s, -1, buf, sizeof buf, NULL, NULL);
    if (n > 0) fwrite(buf, 1, (size_t)n - 1, stdout);
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

static void put_sid(PSID sid) {
    wchar_t *s = NULL;
    if (sid && ConvertSidToStringSidW(sid, &s)) {
        put_utf8(s);
        LocalFree(s);
    } else {
        put_utf8(L"S-?");
    }
}

static void put_name(PSID sid) {
    wchar_t name[MAX_NAME], domain[MAX_NAME];
    DWORD nn = MAX_NAME, dn = MAX_NAME;
    SID_NAME_USE use;
    if (LookupAccountSidW(NULL, sid, name, &nn, domain, &dn, &use)) {
        if (domain[0]) {
            put_utf8(domain);
            put_utf8(L"\\");
        }
        put_utf8(name);
    }
}

static PSID current_user(void) {
    static BYTE buf[SECURITY_MAX_SID_SIZE + sizeof(TOKEN_USER)];
    HANDLE tok;
    DWORD n = 0;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok)) return NULL;
    BOOL ok = GetTokenInformation(tok, TokenUser, buf, sizeof buf, &n);
    CloseHandle(tok);
    return ok ? ((TOKEN_USER *)buf)->User.Sid : NULL;
}

static void put_ace_flags(BYTE f) {
    static const struct { BYTE bit; const char *s; } names[] = {
        {OBJECT_INHERIT_ACE, "OI"},   {CONTAINER_INHERIT_ACE, "CI"}, {NO_PROPAGATE_INHERIT_ACE, "NP"},
        {INHERIT_ONLY_ACE, "IO"},     {INHERITED_ACE, "ID"},         {SUCCESSFUL_ACCESS_ACE_FLAG, "SA"},
        {FAILED_ACCESS_ACE_FLAG, "FA"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (f & names[i].bit) fputs(names[i].s, stdout);
}

static const char *ace_type(BYTE t) {
    switch (t) {
    case ACCESS_ALLOWED_ACE_TYPE: return "A";
    case ACCESS_DENIED_ACE_TYPE: return "D";
    case ACCESS_ALLOWED_OBJECT_ACE_TYPE: return "OA";
    case ACCESS_DENIED_OBJECT_ACE_TYPE: return "OD";
    case ACCESS_ALLOWED_CALLBACK_ACE_TYPE: return "XA";
    case ACCESS_DENIED_CALLBACK_ACE_TYPE: return "XD";
    default: return NULL;
    }
}

/* The SID inside an ACE; object ACEs carry optional GUIDs before it. */
static PSID ace_sid(ACE_HEADER *h) {
    if (h->AceType == ACCESS_ALLOWED_OBJECT_ACE_TYPE || h->AceType == ACCESS_DENIED_OBJECT_ACE_TYPE) {
        ACCESS_ALLOWED_OBJECT_ACE *o = (ACCESS_ALLOWED_OBJECT_ACE *)h;
        BYTE *p = (BYTE *)&o->ObjectType;
        if (o->Flags & ACE_OBJECT_TYPE_PRESENT) p += sizeof(GUID);
        if (o->Flags & ACE_INHERITED_OBJECT_TYPE_PRESENT) p += sizeof(GUID);
        return (PSID)p;
    }
    return (PSID) & ((ACCESS_ALLOWED_ACE *)h)->SidStart;
}

static ACCESS_MASK ace_mask(ACE_HEADER *h) {
    return ((ACCESS_ALLOWED_ACE *)h)->Mask; /* the mask follows the header in every ACE type */
}

static int print_security(const wchar_t *path) {
    DWORD need = 0;
    SECURITY_INFORMATION what = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    GetFileSecurityW(path, what, NULL, 0, &need);
    DWORD err = GetLastError();
    if (need == 0) return fail(err, path);
    PSECURITY_DESCRIPTOR sd = malloc(need);
    if (!sd || !GetFileSecurityW(path, what, sd, need, &need)) return fail(GetLastError(), path);

    PSID owner = NULL, group = NULL;
    BOOL def, present = FALSE;
    PACL dacl = NULL;
    SECURITY_DESCRIPTOR_CONTROL control = 0;
    DWORD rev;
    GetSecurityDescriptorOwner(sd, &owner, &def);
    GetSecurityDescriptorGroup(sd, &group, &def);
    GetSecurityDescriptorDacl(sd, &present, &dacl, &def);
    GetSecurityDescriptorControl(sd, &control, &rev);

    fputs("sddl\t", stdout);
    if (owner) { fputs("O:", stdout); put_sid(owner); }
    if (group) { fputs("G:", stdout); put_sid(group); }
    fputs("D:", stdout);
    if (!present || !dacl) {
        fputs("NO_ACCESS_CONTROL", stdout);
    } else {
        if (control & SE_DACL_PROTECTED) fputs("P", stdout);
        if (control & SE_DACL_AUTO_INHERITED) fputs("AI", stdout);
        for (DWORD i = 0; i < dacl->AceCount; i++) {
            ACE_HEADER *h;
            if (!GetAce(dacl, i, (void **)&h)) continue;
            const char *t = ace_type(h->AceType);
            if (t) printf("(%s;", t);
            else printf("(0x%02x;", h->AceType); /* not SDDL: the reader refuses what it cannot judge */
            put_ace_flags(h->AceFlags);
            printf(";0x%lx;;;", (unsigned long)ace_mask(h));
            put_sid(ace_sid(h));
            fputs(")", stdout);
        }
    }
    putchar('\n');

    /* Names for the owner and every ACE's account, once each. */
    PSID seen[256];
    int nseen = 0;
    PSID all[257];
    int nall = 0;
    if (owner) all[nall++] = owner;
    if (present && dacl)
        for (DWORD i = 0; i < dacl->AceCount && nall < 257; i++) {
            ACE_HEADER *h;
            if (GetAce(dacl, i, (void **)&h)) all[nall++] = ace_sid(h);
        }
    for (int i = 0; i < nall; i++) {
        int dup = 0;
        for (int j = 0; j < nseen; j++)
            if (EqualSid(seen[j], all[i])) dup = 1;
        if (dup || nseen == 256) continue;
        seen[nseen++] = all[i];
        fputs("name\t", stdout);
        put_sid(all[i]);
        putchar('\t');
        put_name(all[i]);
        putchar('\n');
    }
    free(sd);
    return 0;
}

static int protect(const wchar_t *path, int directory) {
    PSID user = current_user();
    wchar_t *usid = NULL;
    if (!user || !ConvertSidToStringSidW(user, &usid)) return fail(GetLastError(), L"the current user's SID");
    const wchar_t *inherit = directory ? L"OICI" : L"";
    wchar_t text[512];
    swprintf(text, 512, L"D:P(A;%ls;FA;;;SY)(A;%ls;FA;;;BA)(A;%ls;FA;;;%ls)", inherit, inherit, inherit, usid);
    LocalFree(usid);
    PSECURITY_DESCRIPTOR sd = NULL;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(text, SDDL_REVISION_1, &sd, NULL))
        return fail(GetLastError(), L"building the owner-only access list");
    BOOL ok = SetFileSecurityW(path, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, sd);
    DWORD err = GetLastError();
    LocalFree(sd);
    if (!ok) return fail(err, path);
    return print_security(path);
}

static int sid_of(const wchar_t *account) {
    BYTE sid[SECURITY_MAX_SID_SIZE];
    wchar_t domain[MAX_NAME];
    DWORD sn = sizeof sid, dn = MAX_NAME;
    SID_NAME_USE use;
    if (!LookupAccountNameW(NULL, account, sid, &sn, domain, &dn, &use)) return fail(GetLastError(), account);
    fputs("name\t", stdout);
    put_sid(sid);
    putchar('\t');
    put_name(sid);
    putchar('\n');
    return 0;
}

static int usage(void) {
    fputs("usage: pgcluster-acl.exe get <path> | protect <path> [--directory] | sid <account>\n", stderr);
    return 1;
}

int wmain(int argc, wchar_t **argv) {
    if (argc < 3) return usage();
    PSID user = current_user();
    if (!user) return fail(GetLastError(), L"the current user's token");
    fputs("user\t", stdout);
    put_sid(user);
    putchar('\t');
    put_name(user);
    putchar('\n');
    if (wcscmp(argv[1], L"get") == 0 && argc == 3) return print_security(argv[2]);
    if (wcscmp(argv[1], L"protect") == 0 && argc == 3) return protect(argv[2], 0);
    if (wcscmp(argv[1], L"protect") == 0 && argc == 4 && wcscmp(argv[3], L"--directory") == 0)
        return protect(argv[2], 1);
    if (wcscmp(argv[1], L"sid") == 0 && argc == 3) return sid_of(argv[2]);
    return usage();
}
