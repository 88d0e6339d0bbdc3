function ConvertFrom-PgIcaclsOutput {
    <#
    .SYNOPSIS
        Turns the output of `icacls <path>` into one object per access control entry.
    .DESCRIPTION
        The first line is "<path> <account>:(flags)(rights)", the next ones are indented entries,
        then a blank line and a localized summary, which is ignored. (I) marks an inherited entry.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Path,

        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [string[]]
        $Line
    )

    $first = $true
    foreach ($text in $Line) {
        if ($first) {
            $first = $false
            if (-not $text.StartsWith($Path, [System.StringComparison]::OrdinalIgnoreCase)) {
                throw "icacls output does not start with the path '$Path': $text"
            }
            $text = $text.Substring($Path.Length)
        }
        elseif ($text -notmatch '^\s') {
            break
        }
        $entry = $text.Trim()
        if (-not $entry) {
            break
        }
        if ($entry -notmatch '^(?<account>.+?):(?<spec>(\([^)]*\))+)$') {
            throw "Unexpected icacls entry: $entry"
        }
        $account = $Matches['account']
        $parts = @([regex]::Matches($Matches['spec'], '\(([^)]*)\)') | ForEach-Object -Process { $_.Groups[1].Value })
        $flags = @($parts | Where-Object -FilterScript { $_ -in @('I', 'OI', 'CI', 'IO', 'NP', 'DENY') })
        $rights = @($parts | Where-Object -FilterScript { $_ -notin @('I', 'OI', 'CI', 'IO', 'NP', 'DENY') })
        [pscustomobject]@{
            Account   = $account
            Rights    = ($rights -join ',')
            Inherited = ($flags -contains 'I')
            Deny      = ($flags -contains 'DENY')
            Flags     = $flags
        }
    }
}
