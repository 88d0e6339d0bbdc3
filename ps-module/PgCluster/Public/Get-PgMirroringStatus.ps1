function Get-PgMirroringStatus {
    <#
    .SYNOPSIS
        Shows the mirroring status and the state of both servers (mc_ctl status), as objects.

    .DESCRIPTION
        Runs mc_ctl status -M <directory> --json and returns one PgCluster.MirroringStatus object
        per server of network.conf: its role (primary, standby, none(inactivated ...)), host, the
        host, database process and disk checks, the controller's state (running, stopped,
        unreachable), plus the mirroring status, whether automatic failover is armed and the last
        failure the controllers acted on, which are the same for both servers. With an arbiter
        (mc_arbiter or etcd), Arbiter names it and ArbiterConnected says whether that server's
        controller reaches it; without one Arbiter is empty. When this server's controller is
        down the answer comes from the peer or from the files on disk.

        Health is the pair's verdict, the same as mc_ctl status's exit status: healthy (0:
        switchable, both controllers running, every check normal), degraded (1) or noAnswer (3:
        no controller answered). Reasons lists what keeps the pair from healthy.

    .PARAMETER ConfigPath
        The Mirroring Controller management directory (mc_ctl -M), holding network.conf and the
        server files. Accepts pipeline input by property name (also as McDirectory).

    .PARAMETER LocalServer
        The server identifier of this machine in network.conf (mc_ctl --local-server). Needed
        only when both servers of network.conf run on the same host.

    .EXAMPLE
        Get-PgMirroringStatus -ConfigPath D:\mcdir\inst1

        Shows both servers with their roles and checks, like mc_ctl status.

    .EXAMPLE
        $s = Get-PgMirroringStatus -ConfigPath D:\mcdir\inst1; if ($s[0].Health -ne 'healthy') { $s[0].Reasons }

        A monitoring script's check: what is wrong with the pair, if anything.

    .EXAMPLE
        Get-PgMirroringStatus -ConfigPath D:\mcdir\inst1 | Where-Object -Property HostRole -EQ 'primary'

        Finds the server that is the primary now.

    .OUTPUTS
        PgCluster.MirroringStatus

    .LINK
        Start-PgMirroring
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.MirroringStatus')]
    param (
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [Alias('McDirectory')]
        [ValidateNotNullOrEmpty()]
        [string]
        $ConfigPath,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [string]
        $LocalServer
    )

    process {
        $arguments = New-PgMcCtlArgument -Mode 'status' -ConfigPath $ConfigPath -LocalServer $LocalServer
        try {
            $answer = Invoke-PgNodeTool -Tool 'mc_ctl' -ArgumentList $arguments
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
        $status = $answer.status
        $lastError = $null
        if ($status.PSObject.Properties['lastError'] -and $status.lastError) {
            $e = $status.lastError
            $lastError = '{0} {1} {2}: {3} (action: {4})' -f $e.at, $e.server, $e.resource, $e.detail, $e.action
        }
        # mc_ctl judges the pair (its exit status); an older helper without a verdict says nothing.
        $health = $null
        $reasons = @()
        if ($answer.PSObject.Properties['health']) {
            $health = "$($answer.health)"
            $reasons = @($answer.reasons | ForEach-Object { "$_" })
        }
        $arbiter = $null
        if ($status.PSObject.Properties['arbiter'] -and $status.arbiter) {
            $arbiter = $status.arbiter
        }
        foreach ($server in @($status.servers)) {
            $arbiterConnected = $null
            if ($arbiter -and $arbiter.links.PSObject.Properties[$server.serverId] -and $arbiter.links.PSObject.Properties[$server.serverId].Value) {
                $arbiterConnected = [bool]$arbiter.links.PSObject.Properties[$server.serverId].Value.reachable
            }
            $controller = 'unknown'
            if ($status.controllers.PSObject.Properties[$server.serverId]) {
                $controller = "$($status.controllers.PSObject.Properties[$server.serverId].Value)"
            }
            [pscustomobject]@{
                PSTypeName        = 'PgCluster.MirroringStatus'
                ServerId          = $server.serverId
                HostRole          = $server.hostRole
                Host              = $server.host
                HostStatus        = $server.hostStatus
                DbProcStatus      = $server.dbProcStatus
                DiskStatus        = $server.diskStatus
                MirroringStatus   = $status.mirroring
                Health            = $health
                Reasons           = $reasons
                FailoverEnabled   = [bool]$status.failoverEnabled
                Controller        = $controller
                LastError         = $lastError
                DetectionWindowMs = $status.detectionWindowMs
                AnsweredBy        = $status.answeredBy
                Arbiter           = $(if ($arbiter) { $arbiter.id } else { $null })
                ArbiterConnected  = $arbiterConnected
                ConfigPath        = $arguments[2]
            }
        }
    }
}
