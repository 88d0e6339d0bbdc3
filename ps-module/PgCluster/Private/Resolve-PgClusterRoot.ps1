function Resolve-PgClusterRoot {
    <#
    .SYNOPSIS
        Finds the folder holding bin\mc_ctl.js and bin\pgcluster.js for this module.
    .DESCRIPTION
        Tried in order: PGCLUSTER_HOME (the MSI sets it machine-wide, and a test or a by-hand
        install may set it), the MSI's InstallFolder registry value plus app (for a session that
        started before the install changed the environment), then the source tree the module sits
        in (ps-module\PgCluster -> ..\..).
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
    $installFolder = Get-PgClusterInstallFolder
    if ($installFolder) {
        $candidates += (Join-Path -Path $installFolder -ChildPath 'app')
    }
    $candidates += (Join-Path -Path $ModuleRoot -ChildPath '..\..')
    foreach ($candidate in $candidates) {
        $helper = Join-Path -Path (Join-Path -Path $candidate -ChildPath 'bin') -ChildPath 'pgcluster.js'
        if (Test-Path -LiteralPath $helper -PathType Leaf) {
            return (Resolve-Path -LiteralPath $candidate).ProviderPath
        }
    }
    return $null
}
