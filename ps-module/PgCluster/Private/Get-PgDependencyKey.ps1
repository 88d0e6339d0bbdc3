function Get-PgDependencyKey {
    <#
    .SYNOPSIS
        One string for a dependency structure (AND groups of OR'ed names), equal for two
        structures that hold the same sets: order, repeats and case do not matter.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [object[]]
        $Group
    )

    $keys = foreach ($or in $Group) {
        (@($or | ForEach-Object -Process { "$_".ToLowerInvariant() }) | Sort-Object -Unique) -join "`n"
    }
    return (@($keys) | Sort-Object -Unique) -join '|'
}
