function Test-PgPasswordlessAccount {
    <#
    .SYNOPSIS
        True for accounts a service runs as without a password: LocalSystem, the NT AUTHORITY
        service accounts, NT SERVICE\ virtual accounts and group Managed Service Accounts
        (DOMAIN\name$, whose password Windows manages).
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Account
    )

    $name = $Account.Trim()
    return ($name -match '^(LocalSystem|\.\\LocalSystem)$' -or
        $name -match '^NT AUTHORITY\\(System|Local ?Service|Network ?Service)$' -or
        $name -match '^NT SERVICE\\' -or
        $name -match '^[^\\]+\\[^\\]+\$$')
}
