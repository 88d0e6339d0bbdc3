function Enable-PgMirroringFailover {
    <#
    .SYNOPSIS
        Arms automatic failover of the Mirroring Controller (mc_ctl enable-failover).

    .DESCRIPTION
        Runs mc_ctl enable-failover -M <directory> --json. Armed, the controllers switch to the
        standby when the primary fails and disconnect a failed standby; disarmed, they keep
        monitoring and reporting but take no action. The current setting is read first with
        mc_ctl status and changed only when it differs, so running it again changes nothing.

    .PARAMETER ConfigPath
        The Mirroring Controller management directory (mc_ctl -M), holding network.conf and the
        server files. Accepts pipeline input by property name (also as McDirectory).

    .PARAMETER LocalServer
        The server identifier of this machine in network.conf (mc_ctl --local-server). Needed
        only when both servers of network.conf run on the same host.

    .PARAMETER PassThru
        Returns the mirroring status of both servers (Get-PgMirroringStatus) afterwards.

    .PARAMETER Force
        Changes the setting without asking for confirmation.

    .EXAMPLE
        Enable-PgMirroringFailover -ConfigPath D:\mcdir\inst1 -PassThru

        Arms failover once both servers are mirroring, as after Start-PgMirroring without -Failover.

    .OUTPUTS
        None, or PgCluster.MirroringStatus with -PassThru.

    .LINK
        Disable-PgMirroringFailover
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
        try {
            Set-PgMirroringFailover -ConfigPath $ConfigPath -LocalServer $LocalServer -Enabled $true
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
        if ($PassThru) {
            Get-PgMirroringStatus -ConfigPath $ConfigPath -LocalServer $LocalServer
        }
    }
}
