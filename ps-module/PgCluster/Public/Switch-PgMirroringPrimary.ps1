function Switch-PgMirroringPrimary {
    <#
    .SYNOPSIS
        Promotes the standby to primary and stops the old primary (mc_ctl switch).

    .DESCRIPTION
        Runs mc_ctl switch -M <directory> --json on either server. The controllers check that the
        standby is in sync, stop (fence) the old primary and promote the standby. Without
        -Force a standby that is not in sync is refused, because commits would be lost. With
        -NewPrimary the command is idempotent: when that server already is the primary nothing
        is switched. This is a high-impact command: it asks for confirmation unless -Confirm:$false
        is given (-Force does not suppress the prompt, since it accepts losing commits).

    .PARAMETER ConfigPath
        The Mirroring Controller management directory (mc_ctl -M), holding network.conf and the
        server files. Accepts pipeline input by property name (also as McDirectory).

    .PARAMETER LocalServer
        The server identifier of this machine in network.conf (mc_ctl --local-server). Needed
        only when both servers of network.conf run on the same host.

    .PARAMETER NewPrimary
        The server identifier that should be the primary afterwards. When it already is, nothing
        is switched; when it is not a server of network.conf, nothing is switched and an error
        is raised.

    .PARAMETER Force
        Switches even when the standby is not in sync or the primary does not answer
        (mc_ctl --force), accepting that commits not yet on the standby are lost.

    .PARAMETER PassThru
        Returns the mirroring status of both servers (Get-PgMirroringStatus) afterwards.

    .EXAMPLE
        Switch-PgMirroringPrimary -ConfigPath D:\mcdir\inst1 -NewPrimary server2 -Confirm:$false

        Makes server2 the primary for planned maintenance of server1; does nothing if it already is.

    .EXAMPLE
        Switch-PgMirroringPrimary -ConfigPath D:\mcdir\inst1 -Force

        Promotes the standby although the primary's server is gone, after a prompt.

    .OUTPUTS
        None, or PgCluster.MirroringStatus with -PassThru.

    .LINK
        Get-PgMirroringStatus
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
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
        [ValidateNotNullOrEmpty()]
        [string]
        $NewPrimary,

        [Parameter()]
        [switch]
        $Force,

        [Parameter()]
        [switch]
        $PassThru
    )

    process {
        $arguments = New-PgMcCtlArgument -Mode 'switch' -ConfigPath $ConfigPath -LocalServer $LocalServer
        if ($Force) {
            $arguments += '--force'
        }
        $needed = $true
        if ($NewPrimary) {
            try {
                $before = Invoke-PgNodeTool -Tool 'mc_ctl' -ArgumentList (New-PgMcCtlArgument -Mode 'status' -ConfigPath $ConfigPath -LocalServer $LocalServer)
            }
            catch {
                $PSCmdlet.ThrowTerminatingError($_)
            }
            $row = @($before.status.servers | Where-Object -FilterScript { $_.serverId -eq $NewPrimary })
            if ($row.Count -eq 0) {
                $known = @($before.status.servers | ForEach-Object -Process { $_.serverId }) -join ', '
                $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'UnknownServer' -Category InvalidArgument `
                            -TargetObject $NewPrimary -Message "'$NewPrimary' is not a server of network.conf in $($arguments[2]) (servers: $known)." `
                            -Hint 'Give -NewPrimary a server identifier that Get-PgMirroringStatus shows.'))
            }
            if ($row[0].hostRole -eq 'primary') {
                Write-Verbose -Message "Server $NewPrimary already is the primary."
                $needed = $false
            }
        }
        if ($needed) {
            $action = 'Promote the standby to primary and stop the old primary'
            if ($Force) {
                $action = "$action, even if commits not yet on the standby are lost (--force)"
            }
            if (-not $PSCmdlet.ShouldProcess("mirroring in $($arguments[2])", $action)) {
                return
            }
            try {
                $answer = Invoke-PgNodeTool -Tool 'mc_ctl' -ArgumentList $arguments
            }
            catch {
                $PSCmdlet.ThrowTerminatingError($_)
            }
            Write-Verbose -Message "mc_ctl switch answered: $($answer | ConvertTo-Json -Compress -Depth 5)"
        }
        if ($PassThru) {
            Get-PgMirroringStatus -ConfigPath $ConfigPath -LocalServer $LocalServer
        }
    }
}
