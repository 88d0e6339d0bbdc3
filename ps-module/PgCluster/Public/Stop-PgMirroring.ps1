function Stop-PgMirroring {
    <#
    .SYNOPSIS
        Stops the Mirroring Controller and the instance on this server (mc_ctl stop).

    .DESCRIPTION
        Runs mc_ctl stop -M <directory> --json. On the standby this also disconnects it from
        mirroring. With -All the controller stops both servers; with -ControllerOnly the instance
        keeps running and only monitoring stops; with -Immediate the controller process is ended
        at once and the instance is left as it is. When the controller already is stopped, the
        -ControllerOnly and -Immediate forms do nothing; the plain form still asks mc_ctl, which
        stops a lone running instance and otherwise reports that there is nothing to stop.

    .PARAMETER ConfigPath
        The Mirroring Controller management directory (mc_ctl -M), holding network.conf and the
        server files. Accepts pipeline input by property name (also as McDirectory).

    .PARAMETER LocalServer
        The server identifier of this machine in network.conf (mc_ctl --local-server). Needed
        only when both servers of network.conf run on the same host.

    .PARAMETER All
        Stops the controllers and instances of both servers (mc_ctl -a).

    .PARAMETER Immediate
        Ends the controller process at once, leaving the instance as it is (mc_ctl -e). Cannot be
        combined with -All or -ControllerOnly.

    .PARAMETER ControllerOnly
        Stops only the Mirroring Controller; the instance keeps running (mc_ctl --mc-only).

    .PARAMETER PassThru
        Returns the mirroring status of both servers (Get-PgMirroringStatus) afterwards.

    .PARAMETER Force
        Stops without asking for confirmation.

    .EXAMPLE
        Stop-PgMirroring -ConfigPath D:\mcdir\inst1 -Force

        Stops the controller and the instance of this server without a prompt.

    .EXAMPLE
        Stop-PgMirroring -ConfigPath D:\mcdir\inst1 -ControllerOnly -Confirm:$false

        Stops monitoring before maintenance of the controller; the database stays available.

    .OUTPUTS
        None, or PgCluster.MirroringStatus with -PassThru.

    .LINK
        Start-PgMirroring
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High', DefaultParameterSetName = 'Normal')]
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

        [Parameter(ParameterSetName = 'Normal')]
        [switch]
        $All,

        [Parameter(Mandatory = $true, ParameterSetName = 'Immediate')]
        [switch]
        $Immediate,

        [Parameter(ParameterSetName = 'Normal')]
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
        $arguments = New-PgMcCtlArgument -Mode 'stop' -ConfigPath $ConfigPath -LocalServer $LocalServer
        $target = "Mirroring Controller in $($arguments[2])"
        if ($LocalServer) {
            $target = "$target (server $LocalServer)"
        }
        $action = 'Stop the Mirroring Controller and the instance'
        if ($All) {
            $arguments += '-a'
            $action = 'Stop the Mirroring Controllers and instances of both servers'
        }
        if ($Immediate) {
            $arguments += '-e'
            $action = 'End the Mirroring Controller process at once (the instance is left as it is)'
        }
        if ($ControllerOnly) {
            $arguments += '--mc-only'
            $action = 'Stop the Mirroring Controller only (the instance keeps running)'
        }
        $needed = $true
        if ($Immediate -or $ControllerOnly) {
            try {
                $before = Invoke-PgNodeTool -Tool 'mc_ctl' -ArgumentList (New-PgMcCtlArgument -Mode 'status' -ConfigPath $ConfigPath -LocalServer $LocalServer)
            }
            catch {
                $PSCmdlet.ThrowTerminatingError($_)
            }
            if ((Get-PgLocalControllerState -Status $before.status -LocalServer (Resolve-PgLocalServer -Answer $before -LocalServer $LocalServer)) -eq 'stopped') {
                Write-Verbose -Message "The $target is already stopped."
                $needed = $false
            }
        }
        if ($needed) {
            if (-not $PSCmdlet.ShouldProcess($target, $action)) {
                return
            }
            try {
                $answer = Invoke-PgNodeTool -Tool 'mc_ctl' -ArgumentList $arguments
            }
            catch {
                $PSCmdlet.ThrowTerminatingError($_)
            }
            Write-Verbose -Message "mc_ctl stop answered: $($answer | ConvertTo-Json -Compress -Depth 5)"
        }
        if ($PassThru) {
            Get-PgMirroringStatus -ConfigPath $ConfigPath -LocalServer $LocalServer
        }
    }
}
