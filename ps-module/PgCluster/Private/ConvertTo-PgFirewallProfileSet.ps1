function ConvertTo-PgFirewallProfileSet {
    <#
    .SYNOPSIS
        The firewall profiles a rule applies to, as a sorted list of Domain, Private and Public.
    .DESCRIPTION
        Get-NetFirewallRule reports Profile as a flags value ("Domain, Private"; "Any" for all
        three), while cmdlet parameters take a list; both become the same list here, so that a rule
        made with -Profile Any and one made with Domain, Private, Public compare equal.
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [AllowEmptyCollection()]
        [object[]]
        $Value
    )

    $names = @(foreach ($p in $Value) {
            foreach ($part in ("$p" -split ',')) {
                $name = $part.Trim()
                if ($name -eq 'Any') {
                    'Domain', 'Private', 'Public'
                }
                elseif ($name) {
                    $name
                }
            }
        })
    if ($names.Count -eq 0) {
        # No profile at all is how the firewall reports "Any" (its value 0).
        $names = @('Domain', 'Private', 'Public')
    }
    return [string[]]@($names | Sort-Object -Unique)
}
