function New-PgRoleFile {
    <#
    .SYNOPSIS
        Writes a role description for the Node helper (pgcluster wsfc-plan --role) to a temporary
        file and returns its path; the caller deletes it.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)] [string] $Name,
        [Parameter(Mandatory = $true)] [string] $ServiceName,
        [Parameter(Mandatory = $true)] [string[]] $Disk,
        [Parameter(Mandatory = $true)] [string] $AccessPointName,
        [Parameter(Mandatory = $true)] [string] $StaticAddress,
        [Parameter(Mandatory = $true)] [string] $SubnetMask,
        [Parameter(Mandatory = $true)] [string] $Network
    )

    $description = [ordered]@{
        role        = $Name
        serviceName = $ServiceName
        disks       = @($Disk)
        accessPoint = [ordered]@{ name = $AccessPointName; address = $StaticAddress; subnetMask = $SubnetMask; network = $Network }
    }
    $file = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ("pgcluster-role-{0}.json" -f [guid]::NewGuid().ToString('N'))
    # A scratch file for the helper: written even under -WhatIf (Set-Content would honour it).
    [System.IO.File]::WriteAllText($file, (ConvertTo-Json -InputObject $description -Depth 4))
    return $file
}
