function Get-PgClusterDiskRoot {
    <#
    .SYNOPSIS
        The volume roots (E:\) of cluster disk resources, read from the cluster's WMI provider:
        MSCluster_Resource -> MSCluster_Disk -> MSCluster_DiskPartition.Path.
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Specialized.OrderedDictionary])]
    param (
        [Parameter(Mandatory = $true)]
        [string[]]
        $Disk
    )

    $roots = [ordered]@{}
    $resources = @(Get-CimInstance -Namespace 'root/MSCluster' -ClassName MSCluster_Resource -Filter "Type='Physical Disk'")
    foreach ($name in $Disk) {
        $resource = $resources | Where-Object -FilterScript { $_.Name -eq $name } | Select-Object -First 1
        $partitions = @()
        if ($resource) {
            $partitions = @($resource | Get-CimAssociatedInstance -ResultClassName MSCluster_Disk |
                    Get-CimAssociatedInstance -ResultClassName MSCluster_DiskPartition | Where-Object -FilterScript { $_.Path })
        }
        if ($partitions.Count -eq 0) {
            throw (New-PgErrorRecord -ErrorId 'ClusterDiskRootUnknown' -Category ObjectNotFound -TargetObject $name `
                    -Message "The volume of cluster disk '$name' could not be found (no partition with a drive letter or mount point)." `
                    -Hint "Give the roots yourself: -SharedDisk @{ '$name' = 'E:\' }.")
        }
        foreach ($partition in $partitions) {
            # "E:" on Windows; the separator of this system keeps the tests' folder roots valid elsewhere.
            $root = "$($partition.Path)".TrimEnd('\', '/') + [System.IO.Path]::DirectorySeparatorChar
            $roots["$name#$root"] = [ordered]@{ name = $name; root = $root }
        }
    }
    return $roots
}
