function Get-PgHelperPath {
    <#
    .SYNOPSIS
        The full path of one of PgCluster's Windows helper programs (pgcluster-service.exe,
        pgcluster-scm.exe, pgcluster-acl.exe): <root>\bin when installed, dist\windows in a source
        tree (scripts/build-windows-helpers). Throws PgCluster.HelperNotFound with -Hint.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [ValidatePattern('^pgcluster-[a-z]+\.exe$')]
        [string]
        $Name,

        [Parameter(Mandatory = $true)]
        [string]
        $Hint
    )

    if ($script:PgClusterRoot) {
        foreach ($folder in @('bin', 'dist\windows')) {
            $candidate = Join-Path -Path (Join-Path -Path $script:PgClusterRoot -ChildPath $folder) -ChildPath $Name
            if (Test-Path -LiteralPath $candidate -PathType Leaf) {
                return $candidate
            }
        }
    }
    throw (New-PgErrorRecord -ErrorId 'HelperNotFound' -Category ObjectNotFound -TargetObject $Name `
            -Message "PgCluster's helper program bin\$Name was not found." -Hint $Hint)
}
