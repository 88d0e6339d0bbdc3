function Get-PgAdministrativeAccount {
    <#
    .SYNOPSIS
        The names (in this Windows' language) of LocalSystem and the Administrators group, which
        keep access to protected files so that nobody is locked out.
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param ()

    $names = @()
    foreach ($sid in @('S-1-5-18', 'S-1-5-32-544')) {
        try {
            $names += ([System.Security.Principal.SecurityIdentifier]::new($sid)).Translate([System.Security.Principal.NTAccount]).Value
        }
        catch {
            # Not on Windows (tests): the English names.
            if ($sid -eq 'S-1-5-18') {
                $names += 'NT AUTHORITY\SYSTEM'
            }
            else {
                $names += 'BUILTIN\Administrators'
            }
        }
    }
    return $names
}
