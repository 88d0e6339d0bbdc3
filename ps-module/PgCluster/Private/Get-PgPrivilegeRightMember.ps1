function Get-PgPrivilegeRightMember {
    <#
    .SYNOPSIS
        The members of one right in the [Privilege Rights] section of a secedit export, as written
        there: '*S-1-5-...' for SIDs, or account names.
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [AllowEmptyString()]
        [string[]]
        $Content,

        [Parameter()]
        [string]
        $Right = 'SeServiceLogonRight'
    )

    $inSection = $false
    $members = @()
    foreach ($text in $Content) {
        if ($text -match '^\s*\[(?<section>[^\]]+)\]\s*$') {
            $inSection = ($Matches['section'].Trim() -eq 'Privilege Rights')
            continue
        }
        if ($inSection -and $text -match "^\s*$([regex]::Escape($Right))\s*=(?<value>.*)$") {
            $members += @($Matches['value'].Split(',') | ForEach-Object -Process { $_.Trim() } | Where-Object -FilterScript { $_ })
        }
    }
    return , [string[]]$members
}
