function Resolve-PgClusterRoot {
    <#
    .SYNOPSIS
        Finds the folder holding bin\mc_ctl.js and bin\pgcluster.js for this module.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $ModuleRoot
    )

    $candidates = @()
    if ($env:PGCLUSTER_HOME) {
        $candidates += $env:PGCLUSTER_HOME
    }
    # Installed: <root>\modules\PgCluster and <root>\app; source tree: ps-module\PgCluster.
    $candidates += (Join-Path -Path $ModuleRoot -ChildPath '..\..\app')
    $candidates += (Join-Path -Path $ModuleRoot -ChildPath '..\..')
    foreach ($candidate in $candidates) {
        $helper = Join-Path -Path (Join-Path -Path $candidate -ChildPath 'bin') -ChildPath 'pgcluster.js'
        if (Test-Path -LiteralPath $helper -PathType Leaf) {
            return (Resolve-Path -LiteralPath $candidate).ProviderPath
        }
    }
    return $null
}
