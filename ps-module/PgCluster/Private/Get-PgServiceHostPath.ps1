function Get-PgServiceHostPath {
    <#
    .SYNOPSIS
        The Windows service host that runs the Mirroring Controller (Node is not a service program:
        the host answers the service control manager and starts and stops the controller).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param ()

    if ($script:PgClusterRoot) {
        # Installed: <root>\bin; a source tree: dist\windows (scripts/build-windows-helpers).
        foreach ($folder in @('bin', 'dist\windows')) {
            $candidate = Join-Path -Path (Join-Path -Path $script:PgClusterRoot -ChildPath $folder) -ChildPath 'pgcluster-service.exe'
            if (Test-Path -LiteralPath $candidate -PathType Leaf) {
                return $candidate
            }
        }
    }
    throw (New-PgErrorRecord -ErrorId 'ServiceHostNotFound' -Category ObjectNotFound `
            -Message 'The Mirroring Controller service host (bin\pgcluster-service.exe) was not found.' `
            -Hint 'It is installed by the PgCluster MSI (in a source tree: scripts/build-windows-helpers); until then start the controller with Start-PgMirroring.')
}
