function Set-PgClusterDependency {
    <#
    .SYNOPSIS
        Makes a resource depend on the groups given (AND of OR groups: @(@('Disk'), @('IP 1', 'IP 2'))
        is "[Disk] and ([IP 1] or [IP 2])"); returns the outcome. The cluster's expression is read
        with Get-ClusterResourceDependency and compared as sets, not as text: the cluster writes
        it back in its own form, "([Disk]) and ([IP 1] or [IP 2])", so a re-run changes nothing.
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Resource,

        [Parameter(Mandatory = $true)]
        [object[]]
        $DependsOn,

        [Parameter()]
        [switch]
        $TestOnly
    )

    $current = Get-ClusterResourceDependency -Resource $Resource -ErrorAction SilentlyContinue
    $now = @()
    if ($current) {
        $now = ConvertFrom-PgDependencyExpression -Expression "$($current.DependencyExpression)"
    }
    if ((Get-PgDependencyKey -Group $now) -eq (Get-PgDependencyKey -Group $DependsOn)) {
        return 'unchanged'
    }
    $expression = (@($DependsOn) | ForEach-Object -Process {
            $names = @($_ | ForEach-Object -Process { "[$_]" })
            if ($names.Count -eq 1) {
                $names[0]
            }
            else {
                '(' + ($names -join ' or ') + ')'
            }
        }) -join ' and '
    if (-not $TestOnly -and $PSCmdlet.ShouldProcess("resource '$Resource'", "Depend on $expression")) {
        $null = Set-ClusterResourceDependency -Resource $Resource -Dependency $expression
        return 'changed'
    }
    return 'would change'
}
