function New-PgRoleFile {
    <#
    .SYNOPSIS
        Writes a role description for the Node helper (pgcluster wsfc-plan --role) to a temporary
        file and returns its path; the caller deletes it. Takes the role cmdlet's bound
        parameters as given: the helper checks them (every problem at once) before anything is
        changed. The access point is left out when none of its parameters is given.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $Bound
    )

    $list = {
        param ($key)
        if ($Bound.ContainsKey($key)) {
            return , @($Bound[$key] | ForEach-Object -Process { "$_" })
        }
        return , @()
    }
    $description = [ordered]@{
        role        = "$($Bound['Name'])"
        serviceName = "$($Bound['ServiceName'])"
        disks       = & $list 'Disk'
    }
    $accessPoint = 'AccessPointName', 'StaticAddress', 'SubnetMask', 'Network', 'Dhcp' | Where-Object -FilterScript { $Bound.ContainsKey($_) }
    if ($accessPoint) {
        $description.accessPoint = [ordered]@{
            name        = "$($Bound['AccessPointName'])"
            addresses   = & $list 'StaticAddress'
            subnetMasks = & $list 'SubnetMask'
            networks    = & $list 'Network'
            dhcp        = [bool]$Bound['Dhcp']
        }
    }
    if ($Bound.ContainsKey('PreferredOwner')) {
        $description.preferredOwners = & $list 'PreferredOwner'
    }
    $file = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ("pgcluster-role-{0}.json" -f [guid]::NewGuid().ToString('N'))
    # A scratch file for the helper: written even under -WhatIf (Set-Content would honour it).
    [System.IO.File]::WriteAllText($file, (ConvertTo-Json -InputObject $description -Depth 4))
    return $file
}
