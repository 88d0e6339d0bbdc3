function Test-PgClusterPreflight {
    <#
    .SYNOPSIS
        Checks a PostgreSQL instance and every cluster node before (or after) the instance becomes
        a failover-cluster role, and lists each finding with what to fix.

    .DESCRIPTION
        Gathers what the preflight needs and runs it in the Node helper (pgcluster wsfc-preflight):
        the instance's postgresql.conf (restart_after_crash = off; data, WAL, tablespaces and
        backup area on the role's shared disks, backups on another disk than the data; keystore
        and core directories local and present on every node), the role's disks and their volume
        roots, and from every node its services file (the instance port), the instance service's
        name, start type (demand) and account (the same domain user everywhere). Other nodes are
        asked through PowerShell remoting. Run it on the node that has the shared disks online.
        Changes nothing.

    .PARAMETER DataDirectory
        The instance's data directory on the shared disk.

    .PARAMETER Name
        The role (cluster group). Its disks are the shared disks, and its Generic Service names
        the service, unless -SharedDisk or -ServiceName say otherwise.

    .PARAMETER ServiceName
        The instance's Windows service; by default the role's Generic Service's ServiceName.

    .PARAMETER SharedDisk
        The shared disks and their roots, e.g. @{ 'Cluster Disk 1' = 'E:\' }; by default the
        role's disks and the volumes the cluster reports for them.

    .PARAMETER Node
        The nodes to check; by default every node of the cluster.

    .PARAMETER ClusterFilePath
        Also saves the gathered cluster description there (the file pgcluster wsfc-preflight reads).

    .PARAMETER Quiet
        Returns only $true (no errors) or $false.

    .EXAMPLE
        Test-PgClusterPreflight -DataDirectory E:\database\inst1 -Name PGSQL

        Lists every finding; nothing listed as Error means the role may be created or used.

    .EXAMPLE
        Test-PgClusterPreflight -DataDirectory E:\database\inst1 -Name PGSQL -ServiceName inst1 -SharedDisk @{ 'Cluster Disk 1' = 'E:\'; 'Cluster Disk 2' = 'F:\' } -Quiet

        Before the role has its service resource: $true when nothing must be fixed.

    .OUTPUTS
        PgCluster.PreflightFinding, System.Boolean

    .LINK
        New-PgClusterRole
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.PreflightFinding')]
    [OutputType([bool])]
    param (
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string]
        $DataDirectory,

        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Name,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string]
        $ServiceName,

        [Parameter()]
        [System.Collections.IDictionary]
        $SharedDisk,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $Node,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string]
        $ClusterFilePath,

        [Parameter()]
        [switch]
        $Quiet
    )

    $file = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('pgcluster-cluster-{0}.json' -f [guid]::NewGuid().ToString('N'))
    try {
        $needs = Invoke-PgNodeTool -Tool pgcluster -ArgumentList @('wsfc-preflight', '-D', $DataDirectory, '--needs')
        $role = Get-PgClusterRoleData -Name $Name
        $service = $ServiceName
        if (-not $service) {
            $service = $role.serviceName
        }
        if (-not $service) {
            throw (New-PgErrorRecord -ErrorId 'ServiceNameUnknown' -Category InvalidArgument -TargetObject $Name `
                    -Message "Role '$Name' has no Generic Service resource to take the service name from." `
                    -Hint 'Give -ServiceName (the instance service registered on every node).')
        }
        $disks = @()
        if ($SharedDisk) {
            $disks = @($SharedDisk.Keys | Sort-Object | ForEach-Object -Process { [ordered]@{ name = "$_"; root = "$($SharedDisk[$_])" } })
        }
        else {
            $names = @($role.resources | Where-Object -FilterScript { $_.type -eq 'Physical Disk' } | ForEach-Object -Process { $_.name })
            if ($names.Count -eq 0) {
                throw (New-PgErrorRecord -ErrorId 'NoSharedDisk' -Category InvalidArgument -TargetObject $Name `
                        -Message "Role '$Name' holds no disk (or does not exist yet)." `
                        -Hint "Give the shared disks and their roots: -SharedDisk @{ 'Cluster Disk 1' = 'E:\' }.")
            }
            $disks = @((Get-PgClusterDiskRoot -Disk $names).Values)
        }
        $nodeNames = $Node
        if (-not $nodeNames) {
            $nodeNames = @($role.nodes | ForEach-Object -Process { $_.name })
        }
        $platform = 'posix'
        if ([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT) {
            $platform = 'windows'
        }
        $cluster = [ordered]@{
            platform    = $platform
            role        = $Name
            serviceName = $service
            sharedDisks = $disks
            nodes       = @($nodeNames | ForEach-Object -Process { Get-PgClusterNodeFact -Node $_ -ServiceName $service -LocalPath @($needs.localPaths) })
        }
        $json = ConvertTo-Json -InputObject $cluster -Depth 6
        # A scratch file for the helper (and the copy asked for); this cmdlet changes nothing else.
        [System.IO.File]::WriteAllText($file, $json)
        if ($ClusterFilePath) {
            [System.IO.File]::WriteAllText($ClusterFilePath, $json)
        }
        $answer = Invoke-PgNodeTool -Tool pgcluster -ArgumentList @('wsfc-preflight', '-D', $DataDirectory, '--cluster', $file)
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
    finally {
        Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue -WhatIf:$false -Confirm:$false
    }
    if ($Quiet) {
        return [bool]$answer.passed
    }
    foreach ($f in @($answer.findings)) {
        [pscustomobject]@{
            PSTypeName = 'PgCluster.PreflightFinding'
            Severity   = $f.severity
            Check      = $f.check
            What       = $f.what
            Where      = $f.where
            Fix        = $f.fix
        }
    }
}
