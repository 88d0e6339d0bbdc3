function Set-PgClusterDependency {
    <#
    .SYNOPSIS
        Makes a resource's dependency expression the one given ("[A] and [B]"); returns the
        outcome. Read with Get-ClusterResourceDependency first, so a re-run changes nothing.
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Resource,

        [Parameter(Mandatory = $true)]
        [string]
        $Expression,

        [Parameter()]
        [switch]
        $TestOnly
    )

    $current = Get-ClusterResourceDependency -Resource $Resource -ErrorAction SilentlyContinue
    $now = $null
    if ($current) {
        $now = "$($current.DependencyExpression)"
    }
    if ($now -eq $Expression) {
        return 'unchanged'
    }
    if (-not $TestOnly -and $PSCmdlet.ShouldProcess("resource '$Resource'", "Depend on $Expression")) {
        $null = Set-ClusterResourceDependency -Resource $Resource -Dependency $Expression
        return 'changed'
    }
    return 'would change'
}
