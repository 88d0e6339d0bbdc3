function Add-PgServicesFileEntry {
    <#
    .SYNOPSIS
        Reserves a TCP port for a service in the Windows services file, idempotently.

    .DESCRIPTION
        Adds the line `<name> <port>/tcp # <comment>` to %SystemRoot%\System32\drivers\etc\services
        (or the file given with -Path), so that other programs that pick free ports from it leave
        the port alone. When the name already holds that port nothing changes; when it holds
        another port, its line is corrected in place (duplicates are merged into one). When the
        port is reserved for another name, nothing changes and the error names that line.
        Every other line is kept as it was, with the file's line endings; the file is written as
        ASCII and ends with a newline, and a copy of the original is kept once as <file>.bak.

    .PARAMETER Name
        The service name, such as pgcluster-mc-server1. Accepts pipeline input by property name.

    .PARAMETER Port
        The TCP port to reserve. Accepts pipeline input by property name.

    .PARAMETER Comment
        The comment written after the entry, such as PgCluster Mirroring Controller server1.
        Accepts pipeline input by property name.

    .PARAMETER Path
        The services file to edit. Defaults to %SystemRoot%\System32\drivers\etc\services.

    .PARAMETER Force
        Edits the file without asking for confirmation.

    .EXAMPLE
        Add-PgServicesFileEntry -Name 'pgcluster-mc-server1' -Port 27540 -Comment 'PgCluster Mirroring Controller server1'

        Reserves the controller port of server1, so no other program takes it.

    .EXAMPLE
        Import-Csv .\ports.csv | Add-PgServicesFileEntry -WhatIf

        Shows which of the ports listed in a CSV file (Name, Port, Comment) would be reserved.

    .OUTPUTS
        PgCluster.ServicesFileEntry

    .LINK
        Remove-PgServicesFileEntry
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('PgCluster.ServicesFileEntry')]
    param (
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [ValidatePattern('^[^\s#]+$')]
        [string]
        $Name,

        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true, Position = 1)]
        [ValidateRange(1, 65535)]
        [int]
        $Port,

        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [ValidatePattern('^[\x20-\x7E]*$')]
        [string]
        $Comment,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Path = "$env:SystemRoot\System32\drivers\etc\services",

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
        $file = Read-PgServicesFile -Path $Path
        $entries = @(ConvertFrom-PgServicesFile -Line $file.Lines -Path $Path)
        $clash = @($entries | Where-Object -FilterScript {
                $_.Protocol -eq 'tcp' -and $_.Port -eq $Port -and $_.Name -ne $Name -and $_.Aliases -notcontains $Name
            })
        if ($clash.Count -gt 0) {
            $c = $clash[0]
            $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'ServicesPortTaken' -Category ResourceExists `
                        -TargetObject "$Port/tcp" `
                        -Message "Port $Port/tcp is already reserved for '$($c.Name)' in ${Path}:$($c.Line): $($file.Lines[$c.Line - 1])" `
                        -Hint "Another program expects that port: choose another port for $Name (network.conf or postgresql.conf), or remove that line if it is stale."))
        }
        $mine = @($entries | Where-Object -FilterScript { $_.Name -eq $Name -and $_.Protocol -eq 'tcp' })
        if ($mine.Count -eq 1 -and $mine[0].Port -eq $Port) {
            Write-Verbose -Message "'$Name' already reserves $Port/tcp in $Path (line $($mine[0].Line))."
            $mine[0]
            return
        }
        $newLine = '{0} {1} # {2}' -f $Name.PadRight(23), "$Port/tcp".PadRight(15), $Comment
        $action = "Reserve $Port/tcp"
        if ($mine.Count -gt 0) {
            $action = "Change $(@($mine | ForEach-Object -Process { "$($_.Port)/tcp (line $($_.Line))" }) -join ', ') to $Port/tcp"
        }
        if (-not $PSCmdlet.ShouldProcess("services file entry '$Name' in $Path", $action)) {
            return
        }
        $ours = @($mine | ForEach-Object -Process { $_.Line - 1 })
        $out = New-Object -TypeName 'System.Collections.Generic.List[string]'
        $placed = $false
        for ($i = 0; $i -lt $file.Lines.Count; $i++) {
            if ($ours -notcontains $i) {
                $out.Add($file.Lines[$i])
            }
            elseif (-not $placed) {
                $out.Add($newLine)
                $placed = $true
            }
        }
        if (-not $placed) {
            $out.Add($newLine)
        }
        try {
            Write-PgServicesFile -Path $Path -Line $out.ToArray() -Eol $file.Eol
        }
        catch {
            $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'ServicesFileWriteFailed' -TargetObject $Path `
                        -Message "Could not write '$Path': $($_.Exception.Message)" `
                        -Hint 'Run PowerShell as Administrator: the services file can be changed only by administrators.'))
        }
        Get-PgServicesFileEntry -Name $Name -Path $Path | Where-Object -FilterScript { $_.Name -eq $Name -and $_.Protocol -eq 'tcp' }
    }
}
