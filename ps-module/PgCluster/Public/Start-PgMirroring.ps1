function Start-PgMirroring {
    <#
    .SYNOPSIS
        Starts the instance and its Mirroring Controller on this server (mc_ctl start).

    .DESCRIPTION
        Runs mc_ctl start -M <directory> --json. The controller checks its files, starts the
        instance in the role its state file records and begins monitoring the peer. With -Wait it
        returns once the instance is up; otherwise once the controller's checks passed. When this
        server's controller already runs (mc_ctl status tells, or mc_ctl answers
        CONTROLLER_RUNNING), nothing is started and no error is raised, so it is safe to run again.

    .PARAMETER ConfigPath
        The Mirroring Controller management directory (mc_ctl -M), holding network.conf and the
        server files. Accepts pipeline input by property name (also as McDirectory).

    .PARAMETER LocalServer
        The server identifier of this machine in network.conf (mc_ctl --local-server). Needed
        only when both servers of network.conf run on the same host.

    .PARAMETER Wait
        Waits until the instance is up and mirroring can begin (mc_ctl -w), not only until the
        controller's checks passed.

    .PARAMETER Failover
        Starts with automatic failover armed (mc_ctl -f); without it, switch and disconnection
        wait for Enable-PgMirroringFailover.

    .PARAMETER ControllerOnly
        Starts only the Mirroring Controller, for an instance that is already running
        (mc_ctl --mc-only).

    .PARAMETER PassThru
        Returns the mirroring status of both servers (Get-PgMirroringStatus) afterwards.

    .PARAMETER Force
        Starts without asking for confirmation.

    .EXAMPLE
        Start-PgMirroring -ConfigPath D:\mcdir\inst1 -Wait -Failover -PassThru

        Starts the instance and its controller with failover armed, then shows both servers.

    .EXAMPLE
        Start-PgMirroring -ConfigPath D:\mcdir\inst1 -ControllerOnly

        Starts monitoring again after the controller alone was stopped.

    .OUTPUTS
        None, or PgCluster.MirroringStatus with -PassThru.

    .LINK
        Stop-PgMirroring
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('PgCluster.MirroringStatus')]
    param (
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [Alias('McDirectory')]
        [ValidateNotNullOrEmpty()]
        [string]
        $ConfigPath,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [string]
        $LocalServer,

        [Parameter()]
        [switch]
        $Wait,

        [Parameter()]
        [switch]
        $Failover,

        [Parameter()]
        [switch]
        $ControllerOnly,

        [Parameter()]
        [switch]
        $PassThru,

        [Parameter()]
        [switch]
        $Force
    )

    begin {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
    }

    process {
        $arguments = New-PgMcCtlArgument -Mode 'start' -ConfigPath $ConfigPath -LocalServer $LocalServer
        $target = "Mirroring Controller in $($arguments[2])"
        if ($LocalServer) {
            $target = "$target (server $LocalServer)"
        }
        try {
            $before = Invoke-PgNodeTool -Tool 'mc_ctl' -ArgumentList (New-PgMcCtlArgument -Mode 'status' -ConfigPath $ConfigPath -LocalServer $LocalServer)
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
        if ((Get-PgLocalControllerState -Status $before.status -LocalServer (Resolve-PgLocalServer -Answer $before -LocalServer $LocalServer)) -eq 'running') {
            Write-Verbose -Message "The $target is already running."
        }
        else {
            $action = 'Start the instance and its Mirroring Controller'
            if ($ControllerOnly) {
                $action = 'Start the Mirroring Controller only'
            }
            if ($Wait) {
                $arguments += '-w'
            }
            if ($Failover) {
                $arguments += '-f'
            }
            if ($ControllerOnly) {
                $arguments += '--mc-only'
            }
            if (-not $PSCmdlet.ShouldProcess($target, $action)) {
                return
            }
            try {
                $answer = Invoke-PgNodeTool -Tool 'mc_ctl' -ArgumentList $arguments
                Write-Verbose -Message "mc_ctl start answered: $($answer | ConvertTo-Json -Compress -Depth 5)"
            }
            catch {
                if ($_.FullyQualifiedErrorId -notlike 'PgCluster.CONTROLLER_RUNNING*') {
                    $PSCmdlet.ThrowTerminatingError($_)
                }
                Write-Verbose -Message "The $target is already running."
            }
        }
        if ($PassThru) {
            Get-PgMirroringStatus -ConfigPath $ConfigPath -LocalServer $LocalServer
        }
    }
}
